using System.Globalization;
using VoiceAgent.Realtime.Link;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Processor.Downlink;

/// <summary>
/// Publishes a session's events to its lite topic of the downlink, in order: several at once go in one send (the
/// broker appends a send's messages in order). Every message carries <c>event_id</c> (deterministic, so the
/// gateway drops a repeat) and, for a response's events, <c>response_id</c>; audio also carries <c>item_id</c>,
/// <c>output_index</c>, <c>content_index</c> and <c>format</c>. The trace context is the current activity's.
/// </summary>
internal sealed class DownlinkPublisher(ProcessorOptions options)
{
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
            .SetTag(message.IsAudio ? LinkTags.Audio : LinkTags.Event)
            .SetBody(message.Body)
            .AddProperty(LinkProperties.EventId, message.EventId);
        if (message.ResponseId is { Length: > 0 } responseId)
        {
            builder.AddProperty(LinkProperties.ResponseId, responseId);
        }

        if (message.IsAudio)
        {
            builder.AddProperty(LinkProperties.ItemId, message.ItemId!)
                .AddProperty(LinkProperties.OutputIndex, message.OutputIndex.ToString(CultureInfo.InvariantCulture))
                .AddProperty(LinkProperties.ContentIndex, message.ContentIndex.ToString(CultureInfo.InvariantCulture));
            if (message.Format is { } format)
            {
                builder.AddProperty(LinkProperties.Format, format);
            }
        }

        return builder.Build();
    }
}
