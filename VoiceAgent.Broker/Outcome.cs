using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker;

/// <summary>The result of a broker operation in the protocol's terms: a status code and a message for people.</summary>
internal readonly record struct Outcome(Code Code, string Message)
{
    public static readonly Outcome Ok = new(Code.Ok, "OK");

    public bool IsOk => Code == Code.Ok;

    public Status ToStatus() => new() { Code = Code, Message = Message };
}
