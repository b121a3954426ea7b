namespace VoiceAgent.Redis;

/// <summary>
/// The client could not reach the server, or the connection was lost before a command's reply arrived.
/// Commands are never resent silently: <see cref="CommandMayHaveExecuted"/> says whether the server may have run it.
/// </summary>
public class RedisConnectionException : RedisException
{
    public RedisConnectionException(string message, Exception? innerException = null, bool commandMayHaveExecuted = false)
        : base(message, innerException)
    {
        CommandMayHaveExecuted = commandMayHaveExecuted;
    }

    /// <summary>
    /// True when the command had been written to the connection before it failed, so the server may have
    /// executed it; false when it was never sent.
    /// </summary>
    public bool CommandMayHaveExecuted { get; }

    /// <summary>Retrying cannot help (wrong credentials, TLS or setup rejected): queued commands fail at once.</summary>
    internal bool IsConfigurationError { get; init; }
}
