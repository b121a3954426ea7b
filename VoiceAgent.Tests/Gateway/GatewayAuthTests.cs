using System.Net;
using Microsoft.Extensions.Options;

namespace VoiceAgent.Tests.Gateway;

public sealed class GatewayAuthTests : GatewayTestBase
{
    [Fact]
    public async Task AClientWithTheKeyInTheAuthorizationHeaderGetsASession()
    {
        var gateway = await StartGatewayAsync();
        var client = await ConnectAsync(gateway);

        var created = await client.ExpectAsync("session.created");

        Assert.False(string.IsNullOrEmpty(client.SessionId));
        Assert.Equal(client.SessionId, created.Json.GetProperty("session").GetProperty("id").GetString());
    }

    [Fact]
    public async Task ABrowserClientWithTheKeyInASubprotocolGetsASessionAndTheRealtimeSubprotocol()
    {
        var gateway = await StartGatewayAsync();
        var client = await ConnectAsync(gateway, new RealtimeTestClient.Options { KeyInSubprotocol = true });

        await client.ExpectAsync("session.created");

        Assert.Equal("realtime", client.Socket.SubProtocol);
    }

    [Fact]
    public async Task AnyOfSeveralConfiguredKeysIsAccepted()
    {
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:ApiKeys:0"] = "second-key-abcdef" });

        await OpenSessionAsync(gateway, new RealtimeTestClient.Options { ApiKey = "second-key-abcdef" });
        await OpenSessionAsync(gateway);
    }

    [Theory]
    [InlineData("wrong-key", false)]
    [InlineData("wrong-key", true)]
    [InlineData(null, false)]
    public async Task AWrongOrMissingKeyIsRefusedWith401BeforeTheUpgrade(string? key, bool inSubprotocol)
    {
        var gateway = await StartGatewayAsync();

        var refused = await Assert.ThrowsAsync<RealtimeConnectException>(() =>
            RealtimeTestClient.ConnectAsync(gateway.RealtimeUri, new RealtimeTestClient.Options { ApiKey = key, KeyInSubprotocol = inSubprotocol }));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Theory]
    [InlineData("VoiceAgent:ApiKey", "No API key")]
    [InlineData("VoiceAgent:ResumeKey", "No resume key")]
    public async Task OutsideDevelopmentTheGatewayRefusesToStartWithoutAKey(string missing, string message)
    {
        // The options are validated when the endpoint is mapped or, at the latest, when the host starts.
        var refused = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = GatewayHost.Build(Broker, new Dictionary<string, string?> { [missing] = null });
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        });

        Assert.Contains(message, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InDevelopmentWithoutAKeyEveryClientIsAccepted()
    {
        var gateway = await StartGatewayAsync(new Dictionary<string, string?> { ["VoiceAgent:ApiKey"] = null, ["VoiceAgent:ResumeKey"] = null }, "Development");

        await OpenSessionAsync(gateway, new RealtimeTestClient.Options { ApiKey = null });
    }
}
