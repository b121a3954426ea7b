using Microsoft.Extensions.Logging;

namespace VoiceAgent.Tests.ServiceDefaults;

public sealed class DefaultLogLevelTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HealthProbesDoNotWriteInformationLogs()
    {
        await using var service = await ServiceDefaultsApp.StartAsync();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        (await client.GetAsync("/health").WaitAsync(Timeout)).EnsureSuccessStatusCode();
        (await client.GetAsync("/alive").WaitAsync(Timeout)).EnsureSuccessStatusCode();

        Assert.DoesNotContain(service.Logs.Entries, e => e.Category.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) && e.Level < LogLevel.Warning);
    }

    [Fact]
    public async Task ConfigurationStillOverridesTheDefaultLevels()
    {
        await using var service = await ServiceDefaultsApp.StartAsync(new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Information",
        });
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        (await client.GetAsync("/health").WaitAsync(Timeout)).EnsureSuccessStatusCode();

        Assert.Contains(service.Logs.Entries, e => e.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && e.Level == LogLevel.Information);
    }
}
