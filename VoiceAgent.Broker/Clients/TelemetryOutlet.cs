using System.Threading.Channels;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Clients;

/// <summary>Commands queued for a client's telemetry stream; the stream's writer drains it.</summary>
internal sealed class TelemetryOutlet
{
    private readonly Channel<TelemetryCommand> _commands = Channel.CreateBounded<TelemetryCommand>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

    public ChannelReader<TelemetryCommand> Reader => _commands.Reader;

    public bool TryPush(TelemetryCommand command) => _commands.Writer.TryWrite(command);

    public void Complete() => _commands.Writer.TryComplete();
}
