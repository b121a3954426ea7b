namespace VoiceAgent.Redis;

/// <summary>The server sent bytes that are not valid RESP; the client drops that connection and reconnects.</summary>
public sealed class RedisProtocolException : RedisException
{
    public RedisProtocolException(string message)
        : base(message)
    {
    }
}
