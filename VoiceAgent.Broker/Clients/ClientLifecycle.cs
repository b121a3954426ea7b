using Microsoft.Extensions.Logging;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Consumption;
using VoiceAgent.Broker.Lite;
using VoiceAgent.Broker.Storage;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Clients;

/// <summary>
/// A client's life on the broker: its settings handshake, heartbeats, telemetry stream, termination and
/// timeout, and what each of those does to its lite subscriptions and in-flight messages.
/// </summary>
internal sealed partial class ClientLifecycle(
    BrokerOptions options,
    ClientRegistry clients,
    ConsumerGroupStore groups,
    TopicStore topics,
    LiteSubscriptionRegistry subscriptions,
    DeliveryEngine delivery,
    TimeProvider time,
    ILogger<ClientLifecycle> logger)
{
    private const long RepeatSettingsWindowMs = 15_000;
    private static readonly TimeSpan RepeatSettingsDelay = TimeSpan.FromMilliseconds(100);

    private readonly SettingsBuilder _settings = new(options);

    private long NowMs => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>The session of a calling client, created on its first call.</summary>
    public ClientSession Attach(string clientId, string address, string? language, string? version)
    {
        var session = clients.GetOrAdd(clientId, NowMs);
        session.Address = address;
        session.Language = language ?? session.Language;
        session.Version = version ?? session.Version;
        return session;
    }

    /// <summary>Takes the settings a client announced and answers with the effective settings, or an error status.</summary>
    public TelemetryCommand OnSettings(ClientSession client, Settings announced)
    {
        var outcome = Validate(announced, out var group);
        if (!outcome.IsOk)
        {
            Log.SettingsRefused(logger, client.ClientId, outcome.Code, outcome.Message);
            return new TelemetryCommand { Status = outcome.ToStatus() };
        }

        Settings effective;
        if (group is null)
        {
            effective = _settings.ForProducer(announced);
        }
        else
        {
            if (client.Group is { } previous && !ReferenceEquals(previous, group) && previous.IsLite)
            {
                var removed = subscriptions.RemoveAll(client, previous);
                HandOver(previous, removed.Removed);
            }

            client.Group = group;
            effective = _settings.ForConsumer(announced, group);
            foreach (var entry in announced.Subscription.Subscriptions)
            {
                if (entry.Topic?.Name is { } name && topics.Find(name) is { } topic)
                {
                    delivery.Bind(group, topic);
                }
            }
        }

        var firstTime = client.Settings is null;
        client.Settings = announced;
        client.LastHeartbeatMs = NowMs;
        if (firstTime)
        {
            Log.ClientConnected(logger, client.ClientId, announced.ClientType, group?.Name ?? string.Empty, client.Address);
        }

        var reply = new TelemetryCommand { Status = Outcome.Ok.ToStatus(), Settings = effective };
        client.LastSettingsReply = (reply, NowMs);
        return reply;
    }

    /// <summary>
    /// Works around a race in the official Node.js client (rocketmq-client-nodejs 1.0.8): a client with several
    /// topics sends its settings while it still queries the routes of the others, and only afterwards starts waiting
    /// for the reply, so a quick reply is missed and its startup waits forever. A Node client's route query shortly
    /// after its settings therefore gets the settings reply once more, just after the route. Repeated settings are
    /// harmless to every client.
    /// </summary>
    public void OnRouteQueried(string? clientId, string? language)
    {
        if (!string.Equals(language, "HTTP", StringComparison.Ordinal) || clientId is null || clients.Find(clientId) is not { } client)
        {
            return;
        }

        if (client.LastSettingsReply is not { } last || NowMs - last.AtMs > RepeatSettingsWindowMs || client.Telemetry is not { } outlet)
        {
            return;
        }

        _ = RepeatAsync(outlet, last.Reply);

        async Task RepeatAsync(TelemetryOutlet target, TelemetryCommand reply)
        {
            await Task.Delay(RepeatSettingsDelay, time).ConfigureAwait(false);
            target.TryPush(reply);
        }
    }

    public Outcome Heartbeat(ClientSession client, HeartbeatRequest request)
    {
        if (client.Settings is null)
        {
            return new Outcome(Code.UnrecognizedClientType, "No settings received from this client yet: open the Telemetry stream and send settings first.");
        }

        if (request.ClientType != ClientType.Unspecified && request.ClientType != client.ClientType)
        {
            return new Outcome(Code.UnrecognizedClientType, $"The heartbeat says {request.ClientType}, and the client's settings said {client.ClientType}.");
        }

        if (request.Group is { Name.Length: > 0 } group && client.Group is { } known && !string.Equals(group.Name, known.Name, StringComparison.Ordinal))
        {
            return new Outcome(Code.IllegalConsumerGroup, $"The heartbeat names group '{group.Name}', and the client's settings named '{known.Name}'.");
        }

        client.LastHeartbeatMs = NowMs;
        return Outcome.Ok;
    }

    /// <summary>The client's telemetry stream closed: like the proxy, drop its lite subscriptions.</summary>
    public void OnTelemetryClosed(ClientSession client, TelemetryOutlet outlet)
    {
        outlet.Complete();
        CloseTelemetry(client, outlet);

        // The client may have timed out and come back as a new session that took over this stream's outlet.
        if (clients.Find(client.ClientId) is { } current && !ReferenceEquals(current, client))
        {
            CloseTelemetry(current, outlet);
        }
    }

    private void CloseTelemetry(ClientSession client, TelemetryOutlet outlet)
    {
        if (!ReferenceEquals(client.Telemetry, outlet))
        {
            return;
        }

        client.Telemetry = null;
        if (client.Group is { IsLite: true } group)
        {
            var removed = subscriptions.RemoveAll(client, group);
            HandOver(group, removed.Removed);
        }
    }

    /// <summary>The client said goodbye (NotifyClientTermination).</summary>
    public void Terminate(ClientSession client)
    {
        if (clients.Remove(client))
        {
            Log.ClientTerminated(logger, client.ClientId);
            client.Telemetry?.Complete();
            CleanUp(client);
        }
    }

    /// <summary>Drops the clients that stayed silent past <see cref="BrokerOptions.ClientTimeout"/>; returns how many.</summary>
    public int DropSilentClients()
    {
        var silent = clients.FindSilent(NowMs, (long)options.ClientTimeout.TotalMilliseconds);
        foreach (var client in silent)
        {
            if (clients.Retire(client))
            {
                Log.ClientTimedOut(logger, client.ClientId, options.ClientTimeout);
                CleanUp(client);
            }
        }

        return silent.Count;
    }

    private void CleanUp(ClientSession client)
    {
        if (client.Group is { IsLite: true } group)
        {
            var removed = subscriptions.RemoveAll(client, group);
            HandOver(group, removed.Removed);
        }

        delivery.OnClientGone(client);
    }

    private void HandOver(ConsumerGroup group, List<string> liteTopics)
    {
        if (liteTopics.Count > 0 && topics.Find(group.LiteBindTopic!) is { } parent)
        {
            delivery.OnLiteUnsubscribed(group, parent, liteTopics);
        }
    }

    private Outcome Validate(Settings announced, out ConsumerGroup? group)
    {
        group = null;
        var type = announced.ClientType;
        switch (type)
        {
            case ClientType.Producer:
                return announced.PubSubCase == Settings.PubSubOneofCase.Publishing
                    ? Outcome.Ok
                    : new Outcome(Code.BadRequest, "Producer settings must carry publishing settings.");
            case ClientType.PushConsumer:
            case ClientType.SimpleConsumer:
            case ClientType.LitePushConsumer:
            case ClientType.LiteSimpleConsumer:
                break;
            case ClientType.PullConsumer:
                return new Outcome(Code.Unsupported, "Pull consumers are not supported by the embedded broker; use a push or simple consumer.");
            default:
                return new Outcome(Code.UnrecognizedClientType, $"Unrecognized client type {type}.");
        }

        if (announced.PubSubCase != Settings.PubSubOneofCase.Subscription)
        {
            return new Outcome(Code.BadRequest, "Consumer settings must carry subscription settings.");
        }

        var groupName = announced.Subscription.Group?.Name;
        if (!NameRules.IsValidResourceName(groupName))
        {
            return new Outcome(Code.IllegalConsumerGroup, $"'{groupName}' is not a valid consumer group name.");
        }

        var lite = type is ClientType.LitePushConsumer or ClientType.LiteSimpleConsumer;
        group = lite ? groups.Find(groupName!) : groups.FindOrCreate(groupName!);
        if (group is null && !lite)
        {
            return new Outcome(Code.Forbidden, $"The broker holds its maximum of {options.MaxConsumerGroups} consumer groups created on first use; declare '{groupName}' with --group.");
        }

        return ValidateMode(group, groupName!, lite, announced.Subscription);
    }

    private static Outcome ValidateMode(ConsumerGroup? group, string groupName, bool lite, Subscription subscription)
    {
        if (group is null)
        {
            return new Outcome(Code.IllegalConsumerGroup, $"Group '{groupName}' not found: declare lite groups with --group {groupName}:lite-bind=<LITE topic>.");
        }

        if (lite && !group.IsLite)
        {
            return new Outcome(Code.IllegalConsumerGroup, $"Group '{groupName}' is a regular group and cannot use LITE mode.");
        }

        if (!lite && group.IsLite)
        {
            return new Outcome(Code.IllegalConsumerGroup, $"Group '{groupName}' is a lite group and must use LITE mode (a lite consumer).");
        }

        if (lite)
        {
            foreach (var entry in subscription.Subscriptions)
            {
                if (!string.Equals(entry.Topic?.Name, group.LiteBindTopic, StringComparison.Ordinal))
                {
                    return new Outcome(Code.IllegalTopic, $"Lite group '{groupName}' is expected to bind topic '{group.LiteBindTopic}', not '{entry.Topic?.Name}'.");
                }
            }
        }

        return Outcome.Ok;
    }
}
