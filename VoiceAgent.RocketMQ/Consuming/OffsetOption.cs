using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>Where a new lite subscription starts reading.</summary>
public sealed class OffsetOption
{
    private readonly Proto.OffsetOption _option;

    private OffsetOption(Proto.OffsetOption option, string description)
    {
        _option = option;
        Description = description;
    }

    /// <summary>Resume from the group's committed offset (the default).</summary>
    public static OffsetOption Last { get; } = new(new Proto.OffsetOption { Policy = Proto.OffsetOption.Types.Policy.Last }, "last");

    /// <summary>Start from the oldest stored message.</summary>
    public static OffsetOption Min { get; } = new(new Proto.OffsetOption { Policy = Proto.OffsetOption.Types.Policy.Min }, "min");

    /// <summary>Skip the backlog: only messages sent from now on.</summary>
    public static OffsetOption Max { get; } = new(new Proto.OffsetOption { Policy = Proto.OffsetOption.Types.Policy.Max }, "max");

    internal string Description { get; }

    public static OffsetOption FromOffset(long offset)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        return new OffsetOption(new Proto.OffsetOption { Offset = offset }, $"offset {offset}");
    }

    /// <summary>Start <paramref name="count"/> messages before the committed offset.</summary>
    public static OffsetOption TailN(long count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        return new OffsetOption(new Proto.OffsetOption { TailN = count }, $"tail {count}");
    }

    public static OffsetOption FromTimestamp(DateTimeOffset timestamp) =>
        new(new Proto.OffsetOption { Timestamp = timestamp.ToUnixTimeMilliseconds() }, $"timestamp {timestamp:O}");

    internal Proto.OffsetOption ToProtobuf() => _option.Clone();

    public override string ToString() => Description;
}
