namespace VoiceAgent.Redis;

/// <summary>The server refused the credentials (AUTH), or requires a password the connection string does not give.</summary>
public sealed class RedisAuthenticationException : RedisConnectionException
{
    public RedisAuthenticationException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
