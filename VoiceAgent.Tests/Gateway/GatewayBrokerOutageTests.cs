using VoiceAgent.Realtime.Events;

namespace VoiceAgent.Tests.Gateway;

public sealed class GatewayBrokerOutageTests
{
    [Fact]
    public async Task WhenTheBrokerIsGoneTheClientGetsUplinkUnavailableAnd1011AndTheGatewayKeepsRunning()
    {
        var broker = await VoiceBroker.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        GatewayHost? gateway = null;
        var brokerStopped = false;
        try
        {
            gateway = await GatewayHost.StartAsync(broker);
            await using var client = await RealtimeTestClient.ConnectAsync(gateway.RealtimeUri);
            await client.ExpectAsync("session.created");

            await broker.DisposeAsync();
            brokerStopped = true;
            await client.SendJsonAsync("""{"type":"input_audio_buffer.commit"}""");
            var frames = await client.WaitForCloseAsync(TimeSpan.FromSeconds(90));

            Assert.Equal(1011, (int?)client.CloseStatus);
            var error = frames[^1];
            Assert.Equal(RealtimeErrorCodes.UplinkUnavailable, error.ErrorCode);
            Assert.Equal("server_error", error.Json.GetProperty("error").GetProperty("type").GetString());
            using var http = new HttpClient { BaseAddress = gateway.BaseUri, Timeout = TimeSpan.FromSeconds(30) };
            using var alive = await http.GetAsync(new Uri("/alive", UriKind.Relative));
            Assert.True(alive.IsSuccessStatusCode, $"/alive answered {(int)alive.StatusCode}");
        }
        finally
        {
            if (gateway is not null)
            {
                await gateway.DisposeAsync();
            }

            if (!brokerStopped)
            {
                await broker.DisposeAsync();
            }
        }
    }
}
