namespace VoiceAgent.Redis;

/// <summary>Base type of the errors this client raises (a server error reply, a lost connection, a protocol violation).</summary>
public class RedisException : Exception
{
    public RedisException(string message)
        : base(message)
    {
    }

    public RedisException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
