namespace VoiceAgent.Hosting.Orchestration;

/// <summary>Everything needed to start one replica: program, arguments, working directory, the complete environment.</summary>
internal sealed record LaunchSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment);
