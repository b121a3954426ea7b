using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Realtime.Sessions;

/// <summary><c>session.audio.input</c>.</summary>
public sealed record AudioInputConfig
{
    /// <summary>The format of the audio the client sends.</summary>
    public AudioFormat Format { get; init; } = AudioFormat.Default;

    /// <summary>Transcription of the user's speech; null for none.</summary>
    public TranscriptionConfig? Transcription { get; init; }

    /// <summary>Server VAD settings; null for manual turns (the client commits).</summary>
    public TurnDetectionConfig? TurnDetection { get; init; } = TurnDetectionConfig.Default;
}
