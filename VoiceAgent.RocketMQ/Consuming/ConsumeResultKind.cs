namespace VoiceAgent.RocketMQ;

public enum ConsumeResultKind
{
    Success,
    Failure,
    Suspend,
}
