using System.Globalization;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Processor.Downlink;

/// <summary>
/// Publishes a session's events to its lite topic of the downlink, in order: several at once go in one send (the
/// broker appends a send's messages in order). Every message carries <c>event_id</c> (deterministic, so the
/// gateway drops a repeat) and, for a response's events, <c>response_id</c>; audio also carries <c>item_id</c>,
/// <c>output_index</c> and <c>content_index</c>. The trace context is the current activity's.
/// </summary>
internal sealed class DownlinkPublisher(ProcessorOptions options)
{
    public const string EventTag = "event";
    public const string AudioTag = "audio";
    public const string EventIdProperty = "event_id";
    public const string ResponseIdProperty = "response_id";
    public const string ItemIdProperty = "item_id";
    public const string OutputIndexProperty = "output_index";
    public const string ContentIndexProperty = "content_index";

    private Producer? _producer;

    /// <summary>Set once the producer is started (by the uplink service).</summary>
    public Producer Producer
    {
        get => _producer ?? throw new InvalidOperationException("The downlink producer has not started.");
        set => _producer = value;
    }

    public bool IsStarted => _producer is not null;

    public async Task PublishAsync(string sessionId, IReadOnlyList<DownlinkMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0)
        {
            return;
        }

        var built = new Message[messages.Count];
        for (var i = 0; i < built.Length; i++)
        {
            built[i] = Build(sessionId, messages[i]);
        }

        await Producer.SendAsync(built, cancellationToken).ConfigureAwait(false);
    }

    public Task PublishAsync(string sessionId, DownlinkMessage message, CancellationToken cancellationToken) =>
        Producer.SendAsync(Build(sessionId, message), cancellationToken);

    private Message Build(string sessionId, DownlinkMessage message)
    {
        var builder = Message.CreateBuilder()
            .SetTopic(options.DownlinkTopic)
            .SetLiteTopic(sessionId)
            .SetTag(message.IsAudio ? AudioTag : EventTag)
            .SetBody(message.Body)
            .AddProperty(EventIdProperty, message.EventId);
        if (message.ResponseId is { Length: > 0 } responseId)
        {
            builder.AddProperty(ResponseIdProperty, responseId);
        }

        if (message.IsAudio)
        {
            builder.AddProperty(ItemIdProperty, message.ItemId!)
                .AddProperty(OutputIndexProperty, message.OutputIndex.ToString(CultureInfo.InvariantCulture))
                .AddProperty(ContentIndexProperty, message.ContentIndex.ToString(CultureInfo.InvariantCulture));
        }

        return builder.Build();
    }
}
