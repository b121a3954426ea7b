namespace VoiceAgent.Realtime.Sessions;

/// <summary><c>session.audio.input.transcription</c>: how the user's speech is transcribed.</summary>
public sealed record TranscriptionConfig
{
    public string? Model { get; init; }

    /// <summary>ISO-639-1 language hint.</summary>
    public string? Language { get; init; }

    public string? Prompt { get; init; }
}
