namespace VoiceAgent.RocketMQ;

/// <summary>The kinds of <see cref="ConsumeResult"/>.</summary>
public enum ConsumeResultKind
{
    Success,
    Failure,
    Suspend,
}
