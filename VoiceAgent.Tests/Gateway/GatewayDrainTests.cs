namespace VoiceAgent.Tests.Gateway;

public sealed class GatewayDrainTests : GatewayTestBase
{
    [Fact]
    public async Task OnShutdownClientsAreToldToReconnectAndClosedWith1012AndTheirEventsWait()
    {
        var draining = await StartGatewayAsync();
        var other = await StartGatewayAsync();
        var client = await OpenSessionAsync(draining);
        var sessionId = client.SessionId!;

        var stopping = draining.StopAsync();
        var frames = await client.WaitForCloseAsync(TimeSpan.FromSeconds(30));
        await stopping;
        var ids = await PublishTextDeltasAsync(sessionId, 2);
        var resumed = await ResumeAsync(other, client);
        var delivered = await resumed.ReceiveUntilAsync(f => f.EventId == ids[^1]);

        Assert.Equal(1012, (int?)client.CloseStatus);
        var reconnect = Assert.Single(frames);
        Assert.Equal("session.reconnect", reconnect.Type);
        Assert.Null(reconnect.Seq);
        Assert.Equal("gateway_shutdown", reconnect.Json.GetProperty("reason").GetString());
        Assert.Equal(ids, delivered.Where(f => f.Type == "response.output_text.delta").Select(f => f.EventId));
    }

    [Fact]
    public async Task OnSigtermAGatewayProcessTellsClientsToReconnectClosesWith1012AndExitsCleanly()
    {
        await using var process = await GatewayProcess.StartAsync(Broker);
        var other = await StartGatewayAsync();
        await using var client = await RealtimeTestClient.ConnectAsync(process.RealtimeUri);
        await client.ExpectAsync("session.created");

        process.Terminate();
        var frames = await client.WaitForCloseAsync(TimeSpan.FromSeconds(60));
        var exitCode = await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var ids = await PublishTextDeltasAsync(client.SessionId!, 2);
        var resumed = await ResumeAsync(other, client);
        var delivered = await resumed.ReceiveUntilAsync(f => f.EventId == ids[^1]);

        Assert.Equal(1012, (int?)client.CloseStatus);
        Assert.Equal("session.reconnect", Assert.Single(frames).Type);
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{process.Output}");
        Assert.Equal(ids, delivered.Where(f => f.Type == "response.output_text.delta").Select(f => f.EventId));
    }
}
