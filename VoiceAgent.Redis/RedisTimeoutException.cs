namespace VoiceAgent.Redis;

/// <summary>
/// A command did not complete within the command timeout. Its reply, if one still arrives, is read and discarded,
/// so later commands keep receiving their own replies.
/// </summary>
public sealed class RedisTimeoutException : TimeoutException
{
    public RedisTimeoutException(string message, bool commandMayHaveExecuted)
        : base(message)
    {
        CommandMayHaveExecuted = commandMayHaveExecuted;
    }

    /// <summary>True when the command had been sent (the server may still execute it); false when it never left the queue.</summary>
    public bool CommandMayHaveExecuted { get; }
}
