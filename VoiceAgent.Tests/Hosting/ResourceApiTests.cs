using System.Net;
using System.Text.Json;
using VoiceAgent.Hosting;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Testing;
using static VoiceAgent.Tests.Hosting.TestResources;

namespace VoiceAgent.Tests.Hosting;

public sealed class ResourceApiTests
{
    [Fact]
    public async Task TheResourceApiListsEveryReplicaWithStateHealthPidRestartsAndEndpoints()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddTestServer("web").WithReplicas(2).WithExternalHttpEndpoints();
        builder.AddShell("job", "exec sleep 600");
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("web").WaitAsync(DefaultTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("job").WaitAsync(DefaultTimeout);

        using var http = new HttpClient { BaseAddress = app.ResourceApiUri };
        using var json = JsonDocument.Parse(await http.GetStringAsync("api/resources"));

        var entries = json.RootElement.EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(["job-0", "web-0", "web-1"], entries.Keys.Order());

        var web = entries["web-1"];
        Assert.Equal("web", web.GetProperty("resource").GetString());
        Assert.Equal("Running", web.GetProperty("state").GetString());
        Assert.Equal("Healthy", web.GetProperty("health").GetString());
        Assert.Equal(0, web.GetProperty("restarts").GetInt32());
        Assert.True(ProcessTable.IsAlive(web.GetProperty("pid").GetInt32()));
        var endpoint = Assert.Single(web.GetProperty("endpoints").EnumerateArray());
        Assert.Equal("http", endpoint.GetProperty("name").GetString());
        Assert.Equal(app.GetEndpoint("web-1").GetLeftPart(UriPartial.Authority), endpoint.GetProperty("url").GetString());
        Assert.Matches(@"^http://127\.0\.0\.1:\d+$", endpoint.GetProperty("url").GetString());
        Assert.True(endpoint.GetProperty("isExternal").GetBoolean());
        Assert.NotEqual(entries["web-0"].GetProperty("pid").GetInt32(), web.GetProperty("pid").GetInt32());

        var job = entries["job-0"];
        Assert.Equal(JsonValueKind.Null, job.GetProperty("health").ValueKind);
        Assert.Empty(job.GetProperty("endpoints").EnumerateArray());
    }

    [Fact]
    public async Task AReplicaAndItsConsoleOutputCanBeReadByName()
    {
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddShell("talker", "echo hello from the talker; echo oops >&2; exec sleep 600");
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        await app.ResourceNotifications.WaitForResourceAsync("talker", KnownResourceStates.Running).WaitAsync(DefaultTimeout);
        using var http = new HttpClient { BaseAddress = app.ResourceApiUri };

        using (var replica = JsonDocument.Parse(await http.GetStringAsync("api/resources/talker-0")))
        {
            Assert.Equal("talker", replica.RootElement.GetProperty("resource").GetString());
        }

        using var missing = await http.GetAsync("api/resources/nobody-0");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("nobody-0", await missing.Content.ReadAsStringAsync());

        var lines = await Eventually.GetAsync(
            async () => JsonDocument.Parse(await http.GetStringAsync("api/resources/talker-0/logs")).RootElement.EnumerateArray().ToList(),
            l => l.Count == 2,
            DefaultTimeout,
            "both lines in the log");
        Assert.Contains(lines, l => l.GetProperty("text").GetString() == "hello from the talker" && !l.GetProperty("isErrorOutput").GetBoolean());
        Assert.Contains(lines, l => l.GetProperty("text").GetString() == "oops" && l.GetProperty("isErrorOutput").GetBoolean());
        Assert.Equal([1L, 2L], lines.Select(l => l.GetProperty("lineNumber").GetInt64()));

        using var after = JsonDocument.Parse(await http.GetStringAsync("api/resources/talker-0/logs?after=1"));
        Assert.Equal(2, Assert.Single(after.RootElement.EnumerateArray()).GetProperty("lineNumber").GetInt64());
    }
}
