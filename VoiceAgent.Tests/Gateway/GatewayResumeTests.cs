using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using VoiceAgent.Gateway.Configuration;
using VoiceAgent.Gateway.Security;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Responses;

namespace VoiceAgent.Tests.Gateway;

public sealed class GatewayResumeTests : GatewayTestBase
{
    [Fact]
    public async Task AResumeOnAnotherGatewayDeliversEveryEventAfterLastSeqExactlyOnceInOrder()
    {
        var first = await StartGatewayAsync();
        var second = await StartGatewayAsync();
        var client = await OpenSessionAsync(first);
        var sessionId = client.SessionId!;
        var ids = await PublishTextDeltasAsync(sessionId, 10);

        // The client reads up to seq 6 (session.created + 5 deltas), then its connection dies: whatever the
        // gateway wrote after that (and acked) never reached it.
        await client.ReceiveUntilAsync(f => f.Seq == 6);
        client.Kill();
        ids.AddRange(await PublishTextDeltasAsync(sessionId, 5, firstIndex: 10));
        var resumed = await ResumeAsync(second, client);
        var frames = await resumed.ReceiveUntilAsync(_ =>
            resumed.Frames.Any(f => f.Type == "session.resumed") && resumed.Frames.Any(f => f.EventId == ids[^1]));

        var deltas = frames.Where(f => f.Type == "response.output_text.delta").ToList();
        Assert.Equal(ids[5..], deltas.Select(f => f.EventId));
        Assert.Equal(Enumerable.Range(7, deltas.Count).Select(i => (long)i), deltas.Select(f => f.Seq!.Value));
        var resumedEvent = frames.Single(f => f.Type == "session.resumed");
        Assert.Equal(6, resumedEvent.Json.GetProperty("last_seq").GetInt64());
        Assert.Equal(sessionId, resumedEvent.Json.GetProperty("session").GetProperty("id").GetString());
        Assert.False(string.IsNullOrEmpty(resumedEvent.Json.GetProperty("session").GetProperty("resume_token").GetString()));
    }

    [Fact]
    public async Task EventsPublishedWhileNoConnectionHoldsTheSessionWaitForTheNextOne()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var sessionId = client.SessionId!;
        await client.CloseAsync();
        await Processor.UntilAsync(r => IsUplink(r, "session.end"));

        var ids = await PublishTextDeltasAsync(sessionId, 3);
        var resumed = await ResumeAsync(gateway, client);
        var frames = await resumed.ReceiveUntilAsync(f => f.EventId == ids[^1]);

        Assert.Equal(ids, frames.Where(f => f.Type == "response.output_text.delta").Select(f => f.EventId));
        Assert.Equal([2L, 3, 4], frames.Where(f => f.Type == "response.output_text.delta").Select(f => f.Seq!.Value));
    }

    [Fact]
    public async Task TheProcessorHearsOfTheResumeWithLastSeqFromTheNewConnection()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var start = await Processor.NextAsync();
        client.Kill();

        var resumed = await ResumeAsync(gateway, client);
        await resumed.ExpectAsync("session.resumed");
        var resume = (await Processor.UntilAsync(r => IsUplink(r, "session.resume")))[^1];

        Assert.NotEqual(start.Envelope.ConnectionId, resume.Envelope.ConnectionId);
        Assert.Contains("\"last_seq\":1", System.Text.Encoding.UTF8.GetString(resume.Envelope.Body.Span), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AResumeFromBeyondTheReplayWindowGetsAnErrorThenTheOldestKeptEvents()
    {
        // No replay window: what the gateway acked is gone at once.
        await using var broker = await VoiceBroker.StartAsync(retain: "0").WaitAsync(TimeSpan.FromSeconds(30));
        await using var processor = await TestProcessor.StartAsync(broker);
        await using var gateway = await GatewayHost.StartAsync(broker);
        await using var client = await RealtimeTestClient.ConnectAsync(gateway.RealtimeUri);
        await client.ExpectAsync("session.created");
        var where = new ResponseContentRef("resp_1", "item_1");
        for (var i = 0; i < 3; i++)
        {
            await processor.PublishEventAsync(client.SessionId!, (w, id) => ServerEventWriter.WriteOutputTextDelta(w, id, where, "x"), "resp_1");
        }

        await client.ReceiveUntilAsync(f => f.Seq == 4);
        client.Kill();
        await using var resumed = await RealtimeTestClient.ResumeAsync(gateway.RealtimeUri, client, lastSeq: 1);
        var frames = await resumed.ReceiveUntilAsync(f => f.Type == "session.resumed");

        Assert.Equal(RealtimeErrorCodes.ResumeWindowExceeded, frames[0].ErrorCode);
        Assert.Null(frames[0].Seq);
        Assert.Equal(5, frames[^1].Seq);
    }

    [Fact]
    public async Task AnEventWhoseIdWasDeliveredBeforeIsNotSentTwice()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var where = new ResponseContentRef("resp_1", "item_1");

        for (var i = 0; i < 2; i++)
        {
            await Processor.PublishEventAsync(client.SessionId!, (w, id) => ServerEventWriter.WriteOutputTextDelta(w, id, where, "once"), "resp_1", "resp_1:same");
        }

        var last = await PublishTextDeltasAsync(client.SessionId!, 1, firstIndex: 9);
        var frames = await client.ReceiveUntilAsync(f => f.EventId == last[0]);

        Assert.Equal(["resp_1:same", last[0]], frames.Select(f => f.EventId));
        Assert.Equal([2L, 4], frames.Select(f => f.Seq!.Value));
    }

    [Fact]
    public async Task AForgedTokenIsRefusedWithAnErrorAndCloseCode4001()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var token = client.ResumeToken!;
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];

        var refused = await ConnectAsync(gateway, new RealtimeTestClient.Options { SessionId = client.SessionId, ResumeToken = forged, LastSeq = 1 });
        var frames = await refused.WaitForCloseAsync();

        AssertRefused(refused, frames);
    }

    [Fact]
    public async Task ATokenOfAnotherSessionIsRefusedWith4001()
    {
        var gateway = await StartGatewayAsync();
        var one = await OpenSessionAsync(gateway);
        var other = await OpenSessionAsync(gateway);

        var refused = await ConnectAsync(gateway, new RealtimeTestClient.Options { SessionId = other.SessionId, ResumeToken = one.ResumeToken, LastSeq = 1 });
        var frames = await refused.WaitForCloseAsync();

        AssertRefused(refused, frames);
    }

    [Fact]
    public async Task AnExpiredTokenIsRefusedWith4001()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);
        var services = gateway.Services;
        var past = new ResumeTokens(
            services.GetRequiredService<IOptions<GatewaySecurityOptions>>(),
            services.GetRequiredService<IOptions<GatewayOptions>>(),
            services.GetRequiredService<IHostEnvironment>(),
            NullLogger<ResumeTokens>.Instance,
            new ShiftedTimeProvider(TimeSpan.FromHours(-2)));
        var expired = past.Issue(new ResumeState(client.SessionId!));

        var refused = await ConnectAsync(gateway, new RealtimeTestClient.Options { SessionId = client.SessionId, ResumeToken = expired, LastSeq = 1 });
        var frames = await refused.WaitForCloseAsync();

        AssertRefused(refused, frames);
        Assert.Contains("expired", frames.Single().Json.GetProperty("error").GetProperty("message").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task ASecondConnectionOnTheSameGatewayTakesTheSessionOverAndTheFirstIsClosedWith4009()
    {
        var gateway = await StartGatewayAsync();
        var client = await OpenSessionAsync(gateway);

        var second = await ResumeAsync(gateway, client);
        await second.ExpectAsync("session.resumed");
        var closing = await client.WaitForCloseAsync();

        Assert.Equal(4009, (int?)client.CloseStatus);
        Assert.Equal(RealtimeErrorCodes.SessionTakenOver, closing[^1].ErrorCode);
        await AssertStillDeliversAsync(second);
    }

    [Fact]
    public async Task ASecondConnectionOnAnotherGatewayTakesTheSessionOverAndTheFirstIsClosedWith4009()
    {
        var first = await StartGatewayAsync();
        var other = await StartGatewayAsync();
        var client = await OpenSessionAsync(first);

        var second = await ResumeAsync(other, client);
        await second.ExpectAsync("session.resumed");
        var closing = await client.WaitForCloseAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(4009, (int?)client.CloseStatus);
        Assert.Equal(RealtimeErrorCodes.SessionTakenOver, closing[^1].ErrorCode);
        await AssertStillDeliversAsync(second);
    }

    private async Task AssertStillDeliversAsync(RealtimeTestClient client)
    {
        var ids = await PublishTextDeltasAsync(client.SessionId!, 2, responseId: "resp_after");
        var frames = await client.ReceiveUntilAsync(f => f.EventId == ids[^1]);
        Assert.Equal(ids, frames.Where(f => f.Type == "response.output_text.delta").Select(f => f.EventId));
    }

    private static void AssertRefused(RealtimeTestClient refused, List<ServerFrame> frames)
    {
        Assert.Equal(4001, (int?)refused.CloseStatus);
        var error = Assert.Single(frames);
        Assert.Equal(RealtimeErrorCodes.InvalidResumeToken, error.ErrorCode);
        Assert.Null(error.Seq);
    }
}
