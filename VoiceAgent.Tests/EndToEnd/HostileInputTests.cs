using System.Net;
using System.Net.WebSockets;
using System.Text;
using VoiceAgent.Tests.Gateway;
using Xunit.Abstractions;

namespace VoiceAgent.Tests.EndToEnd;

[Collection(VoiceStackCollection.Name)]
public sealed class HostileInputTests(VoiceStackFixture stack, ITestOutputHelper output)
{
    private const string Gateway = "gateway-0";

    [Fact]
    public async Task HostileClientsGetTheirErrorOrCloseCodeWhileTheGatewayKeepsServingOtherSessions()
    {
        // A well-behaved user talks to the same gateway the whole time.
        var audio = SpeechAudio.Utterance(variant: 43);
        var expected = await MockTranscripts.TranscribeAsync(stack.App, audio);
        await using var bystander = await stack.ConnectAsync(Gateway);
        await bystander.SpeakAsync(audio);
        var bystanderTurn = bystander.ReceiveUntilResponseDoneAsync();

        await WrongKeyIsRefusedWith401BeforeTheUpgradeAsync();
        await ForgedResumeTokenGetsAnErrorAndClose4001Async(bystander);
        await OversizedFrameClosesWith1009Async();
        await BadEventsGetErrorsAndTheSessionGoesOnAsync();

        await bystanderTurn;
        OneSessionTurnTests.AssertAnsweredTurn(bystander.Frames, expected);

        // The gateway still takes new sessions.
        await using var later = await stack.ConnectAsync(Gateway);
        Assert.Equal("session.created", later.Frames[0].Type);
    }

    private async Task WrongKeyIsRefusedWith401BeforeTheUpgradeAsync()
    {
        RealtimeTestClient.Options[] attempts =
        [
            new() { ApiKey = "wrong-" + stack.ApiKey },
            new() { ApiKey = "wrong-" + stack.ApiKey, KeyInSubprotocol = true },
            new() { ApiKey = null },
        ];
        foreach (var attempt in attempts)
        {
            var refused = await Assert.ThrowsAsync<RealtimeConnectException>(() => RealtimeTestClient.ConnectAsync(stack.RealtimeUri(Gateway), attempt));
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }
    }

    private async Task ForgedResumeTokenGetsAnErrorAndClose4001Async(RealtimeTestClient victim)
    {
        var token = victim.ResumeToken!;
        var forged = token[..^2] + (token[^2] == 'A' ? "BB" : "AA");
        await using var attacker = await RealtimeTestClient.ConnectAsync(
            stack.RealtimeUri("gateway-1"),
            new RealtimeTestClient.Options { ApiKey = stack.ApiKey, SessionId = victim.SessionId, ResumeToken = forged, LastSeq = 0 });
        var frames = await attacker.WaitForCloseAsync(TimeSpan.FromSeconds(15));
        output.WriteLine($"forged token: {TurnFrames.Describe(frames)} close {(int?)attacker.CloseStatus}");
        Assert.Equal("invalid_resume_token", Assert.Single(frames).ErrorCode);
        Assert.Equal(4001, (int?)attacker.CloseStatus);
    }

    private async Task OversizedFrameClosesWith1009Async()
    {
        await using var client = await stack.ConnectAsync(Gateway);
        var huge = "{\"type\":\"input_audio_buffer.append\",\"audio\":\"" + new string('A', 2 * 1024 * 1024) + "\"}";
        await client.Socket.SendAsync(Encoding.UTF8.GetBytes(huge), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
        var frames = await client.WaitForCloseAsync(TimeSpan.FromSeconds(15));
        output.WriteLine($"oversized frame: {TurnFrames.Describe(frames)} close {(int?)client.CloseStatus}");
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
    }

    private async Task BadEventsGetErrorsAndTheSessionGoesOnAsync()
    {
        await using var client = await stack.ConnectAsync(Gateway);
        (string Frame, bool Binary, string Code)[] cases =
        [
            ("""{"type":"session.update","session":{""", false, "invalid_json"),
            ("not json at all", false, "invalid_json"),
            ("""{"type":"conversation.item.teleport"}""", false, "invalid_value"),
            ("""{"type":"input_audio_buffer.append","audio":"%%% not base64 %%%"}""", false, "invalid_audio"),
            ("\u0001\u0002\u0003", true, "invalid_audio"),
        ];
        foreach (var (frame, binary, code) in cases)
        {
            var bytes = Encoding.UTF8.GetBytes(frame);
            await client.Socket.SendAsync(bytes, binary ? WebSocketMessageType.Binary : WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            var error = await client.ExpectAsync("error");
            output.WriteLine($"{(binary ? "binary " + bytes.Length + " bytes" : frame)} -> {error}");
            Assert.Equal(code, error.ErrorCode);
        }

        // Still the same session, still working.
        var updated = await client.UseManualTurnsAsync();
        Assert.Equal(JsonNull, updated.Json.GetProperty("session").GetProperty("audio").GetProperty("input").GetProperty("turn_detection").ValueKind);
        Assert.Equal(WebSocketState.Open, client.Socket.State);
        TurnFrames.AssertSeqContiguous(client.Frames);
    }

    private const System.Text.Json.JsonValueKind JsonNull = System.Text.Json.JsonValueKind.Null;
}
