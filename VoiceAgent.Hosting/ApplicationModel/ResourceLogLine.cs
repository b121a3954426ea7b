namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>One line a replica wrote to its console.</summary>
/// <param name="LineNumber">1 for the replica's first line, across restarts.</param>
/// <param name="Timestamp">When the AppHost read the line.</param>
/// <param name="Text">The line, as written (ANSI colours included).</param>
/// <param name="IsErrorOutput">Whether it came from standard error.</param>
public sealed record ResourceLogLine(long LineNumber, DateTimeOffset Timestamp, string Text, bool IsErrorOutput);
