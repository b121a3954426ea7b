using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace VoiceAgent.Tests.ServiceDefaults;

public sealed class HealthEndpointTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task HealthAnswers503WithJsonThatNamesTheFailingCheck()
    {
        await using var service = await StartWithFailingRedisCheckAsync();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        using var response = await client.GetAsync("/health").WaitAsync(Timeout);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(body);
        Assert.Equal("Unhealthy", json.RootElement.GetProperty("status").GetString());
        Assert.True(json.RootElement.GetProperty("totalDurationMs").GetDouble() >= 0);
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!);
        Assert.Equal("Unhealthy", checks["redis"].GetProperty("status").GetString());
        Assert.Equal("Connection refused by redis at 10.0.0.9:6379", checks["redis"].GetProperty("description").GetString());
        Assert.Equal("Healthy", checks["self"].GetProperty("status").GetString());
        Assert.DoesNotContain("   at ", body, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnhealthyProbeAnswers503WithoutWritingAnErrorLog()
    {
        await using var service = await StartWithFailingRedisCheckAsync();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        using var response = await client.GetAsync("/health").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.DoesNotContain(service.Logs.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public async Task AliveStaysHealthyWhenOnlyAReadinessCheckFails()
    {
        await using var service = await StartWithFailingRedisCheckAsync();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        using var response = await client.GetAsync("/alive").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var names = json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString());
        Assert.Equal(["self"], names);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task HealthEndpointsAreMappedInEveryEnvironment(string environmentName)
    {
        await using var service = await ServiceDefaultsApp.StartAsync(environmentName: environmentName);
        using var client = new HttpClient { BaseAddress = service.BaseAddress };

        using var health = await client.GetAsync("/health").WaitAsync(Timeout);
        using var alive = await client.GetAsync("/alive").WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
        Assert.Contains("\"status\":\"Healthy\"", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static Task<ServiceDefaultsApp> StartWithFailingRedisCheckAsync() =>
        ServiceDefaultsApp.StartAsync(configureBuilder: builder =>
            builder.Services.AddHealthChecks().AddCheck(
                "redis",
                new DelegateHealthCheck(() => throw new InvalidOperationException("Connection refused by redis at 10.0.0.9:6379"))));

    private sealed class DelegateHealthCheck(Func<HealthCheckResult> check) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
            Task.FromResult(check());
    }
}
