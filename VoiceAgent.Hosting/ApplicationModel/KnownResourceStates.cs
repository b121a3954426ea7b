namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>The state names of Aspire's resources, used by the resource API and the notifications.</summary>
public static class KnownResourceStates
{
    /// <summary>Not started yet.</summary>
    public const string NotStarted = nameof(NotStarted);

    /// <summary>Waiting for the resources it waits for to be running and healthy.</summary>
    public const string Waiting = nameof(Waiting);

    /// <summary>The process is being started.</summary>
    public const string Starting = nameof(Starting);

    /// <summary>The process runs.</summary>
    public const string Running = nameof(Running);

    /// <summary>The process could not be started, or a resource it waits for failed; it will not be retried.</summary>
    public const string FailedToStart = nameof(FailedToStart);

    /// <summary>The process is being stopped.</summary>
    public const string Stopping = nameof(Stopping);

    /// <summary>The process exited with a non-zero code (it is restarted unless the application is stopping).</summary>
    public const string Exited = nameof(Exited);

    /// <summary>The process exited with code 0.</summary>
    public const string Finished = nameof(Finished);

    /// <summary>Aspire's terminal states. An <see cref="Exited"/> replica is restarted unless the application is stopping.</summary>
    public static readonly IReadOnlyList<string> TerminalStates = [Finished, FailedToStart, Exited];
}
