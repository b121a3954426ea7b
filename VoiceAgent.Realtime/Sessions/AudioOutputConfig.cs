using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Realtime.Sessions;

/// <summary><c>session.audio.output</c>.</summary>
public sealed record AudioOutputConfig
{
    /// <summary>The default voice.</summary>
    public const string DefaultVoice = "alloy";

    /// <summary>The format of the audio the server sends.</summary>
    public AudioFormat Format { get; init; } = AudioFormat.Default;

    public string Voice { get; init; } = DefaultVoice;

    /// <summary>Speaking speed, 0.25 to 1.5.</summary>
    public double Speed { get; init; } = 1.0;
}
