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
}
