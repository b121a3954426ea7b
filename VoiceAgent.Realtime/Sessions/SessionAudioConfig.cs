namespace VoiceAgent.Realtime.Sessions;

/// <summary><c>session.audio</c>: input and output settings.</summary>
public sealed record SessionAudioConfig
{
    public AudioInputConfig Input { get; init; } = new();

    public AudioOutputConfig Output { get; init; } = new();
}
