using System.Text.Json;
using VoiceAgent.Broker;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Link;
using VoiceAgent.Realtime.Responses;

namespace VoiceAgent.Tests.Gateway;

/// <summary>
/// Per test: a broker with the voice topics and a test processor; gateways and clients started through the
/// helpers here are disposed after the test (clients first).
/// </summary>
public abstract class GatewayTestBase : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _gateways = [];
    private readonly List<IAsyncDisposable> _clients = [];

    protected EmbeddedBroker Broker { get; private set; } = null!;

    protected TestProcessor Processor { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Broker = await VoiceBroker.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        Processor = await TestProcessor.StartAsync(Broker);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        foreach (var gateway in _gateways)
        {
            await gateway.DisposeAsync();
        }

        await Processor.DisposeAsync();
        await Broker.DisposeAsync();
    }

    protected async Task<GatewayHost> StartGatewayAsync(IReadOnlyDictionary<string, string?>? settings = null, string environment = "Production")
    {
        var gateway = await GatewayHost.StartAsync(Broker, settings, environment);
        _gateways.Add(gateway);
        return gateway;
    }

    protected async Task<RealtimeTestClient> ConnectAsync(GatewayHost gateway, RealtimeTestClient.Options? options = null)
    {
        var client = await RealtimeTestClient.ConnectAsync(gateway.RealtimeUri, options);
        _clients.Add(client);
        return client;
    }

    /// <summary>Connects a new session and reads its <c>session.created</c>.</summary>
    protected async Task<RealtimeTestClient> OpenSessionAsync(GatewayHost gateway, RealtimeTestClient.Options? options = null)
    {
        var client = await ConnectAsync(gateway, options);
        await client.ExpectAsync("session.created");
        return client;
    }

    protected async Task<RealtimeTestClient> ResumeAsync(GatewayHost gateway, RealtimeTestClient previous, long? lastSeq = null)
    {
        var client = await RealtimeTestClient.ResumeAsync(gateway.RealtimeUri, previous, lastSeq);
        _clients.Add(client);
        return client;
    }

    /// <summary>Publishes <paramref name="count"/> text deltas of <paramref name="responseId"/>; returns their event ids.</summary>
    protected async Task<List<string>> PublishTextDeltasAsync(string sessionId, int count, string responseId = "resp_1", int firstIndex = 0, string text = "hi")
    {
        var ids = new List<string>();
        var where = new ResponseContentRef(responseId, "item_" + responseId);
        for (var i = firstIndex; i < firstIndex + count; i++)
        {
            ids.Add(await Processor.PublishEventAsync(sessionId, (w, id) => ServerEventWriter.WriteOutputTextDelta(w, id, where, text), responseId, $"{responseId}:t{i}"));
        }

        return ids;
    }

    protected Task<string> PublishResponseCreatedAsync(string sessionId, string responseId) =>
        Processor.PublishEventAsync(sessionId, (w, id) => ServerEventWriter.WriteResponseCreated(w, id, new RealtimeResponse { Id = responseId }), responseId, responseId + ":created");

    protected Task<string> PublishResponseDoneAsync(string sessionId, string responseId, string status = ResponseStatuses.Completed) =>
        Processor.PublishEventAsync(sessionId, (w, id) => ServerEventWriter.WriteResponseDone(w, id, new RealtimeResponse { Id = responseId, Status = status }), responseId, responseId + ":done");

    /// <summary>The <c>type</c> of an uplink event or control message.</summary>
    protected static string? TypeOf(TestProcessor.UplinkRecord record) =>
        record.Envelope.Kind == LinkMessageKind.Audio ? null : JsonDocument.Parse(record.Envelope.Body).RootElement.GetProperty("type").GetString();

    protected static bool IsUplink(TestProcessor.UplinkRecord record, string type) => TypeOf(record) == type;

    /// <summary>Polls <paramref name="condition"/> until it holds; fails after <paramref name="timeout"/>.</summary>
    protected static async Task EventuallyAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Not within {timeout.TotalSeconds:F0} s: {what}.");
            }

            await Task.Delay(25);
        }
    }
}
