namespace VoiceAgent.RocketMQ;

/// <summary>What a push consumer's handler made of a message.</summary>
public sealed class ConsumeResult
{
    /// <summary>The shortest suspension the official clients accept.</summary>
    public static readonly TimeSpan MinSuspendDuration = TimeSpan.FromMilliseconds(50);

    private ConsumeResult(ConsumeResultKind kind, TimeSpan suspendDuration)
    {
        Kind = kind;
        SuspendDuration = suspendDuration;
    }

    /// <summary>Consumed: the message is acknowledged.</summary>
    public static ConsumeResult Success { get; } = new(ConsumeResultKind.Success, TimeSpan.Zero);

    /// <summary>Not consumed: the message is retried per the backoff policy, then dead-lettered.</summary>
    public static ConsumeResult Failure { get; } = new(ConsumeResultKind.Failure, TimeSpan.Zero);

    public ConsumeResultKind Kind { get; }

    /// <summary>How long a suspended message stays invisible.</summary>
    public TimeSpan SuspendDuration { get; }

    /// <summary>
    /// Lite consumers only: hand the message (and the rest of its lite topic's batch) back to the server to be
    /// delivered again after <paramref name="duration"/>, without counting a delivery attempt. Other consumers
    /// treat it as <see cref="Failure"/>.
    /// </summary>
    public static ConsumeResult Suspend(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, MinSuspendDuration);
        return new ConsumeResult(ConsumeResultKind.Suspend, duration);
    }

    public override string ToString() => Kind == ConsumeResultKind.Suspend ? $"Suspend({SuspendDuration})" : Kind.ToString();
}
