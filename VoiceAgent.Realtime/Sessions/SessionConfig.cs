namespace VoiceAgent.Realtime.Sessions;

/// <summary>
/// A session's effective configuration, in the GA shape of the OpenAI Realtime API:
/// <c>{type, output_modalities, instructions, audio: {input: {format, transcription, turn_detection}, output:
/// {format, voice, speed}}, max_output_tokens, voiceagent: {binary_output_audio}}</c>.
/// Change it with <c>with</c> or with <see cref="SessionUpdate.ApplyTo"/>.
/// </summary>
public sealed record SessionConfig
{
    /// <summary>The only session type VoiceAgent runs.</summary>
    public const string RealtimeType = "realtime";

    /// <summary>The configuration of a new session.</summary>
    public static SessionConfig Default { get; } = new();

    /// <summary>Always <c>realtime</c>.</summary>
    public string Type { get; init; } = RealtimeType;

    /// <summary>The model the client asked for (informational; providers are configured on the server).</summary>
    public string? Model { get; init; }

    /// <summary><c>["audio"]</c> (audio with its transcript, the default) or <c>["text"]</c>.</summary>
    public IReadOnlyList<string> OutputModalities { get; init; } = [Modalities.Audio];

    /// <summary>The system prompt.</summary>
    public string? Instructions { get; init; }

    public SessionAudioConfig Audio { get; init; } = new();

    /// <summary>The most tokens a response may produce; null for no limit (<c>"inf"</c>).</summary>
    public int? MaxOutputTokens { get; init; }

    /// <summary>VoiceAgent's own settings (<c>voiceagent</c>).</summary>
    public VoiceAgentSessionExtensions Extensions { get; init; } = new();

    /// <summary>Whether responses produce audio (otherwise text only).</summary>
    public bool HasAudioOutput => OutputModalities.Contains(Modalities.Audio);
}
