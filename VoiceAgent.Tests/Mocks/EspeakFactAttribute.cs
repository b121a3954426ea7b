namespace VoiceAgent.Tests.Mocks;

/// <summary>A fact that needs espeak-ng on PATH; without it the test is reported as skipped, never as passed.</summary>
public sealed class EspeakFactAttribute : FactAttribute
{
    public EspeakFactAttribute()
    {
        if (!IsInstalled)
        {
            Skip = "espeak-ng is not installed (apt-get install espeak-ng).";
        }
    }

    public static bool IsInstalled { get; } =
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "espeak-ng")));
}
