namespace VoiceAgent.LoadTest.Sessions;

/// <summary>The session's connection broke and could not be resumed (already counted as an error).</summary>
internal sealed class SessionLostException : Exception
{
    public SessionLostException()
        : base("The session was lost.")
    {
    }

    public SessionLostException(string message)
        : base(message)
    {
    }

    public SessionLostException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
