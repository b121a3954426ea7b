namespace VoiceAgent.Realtime.Sessions;

/// <summary><c>session.audio.input.turn_detection</c>: server-side voice activity detection.</summary>
public sealed record TurnDetectionConfig
{
    /// <summary>The only turn detection VoiceAgent runs (<c>semantic_vad</c> is accepted as this).</summary>
    public const string ServerVad = "server_vad";

    /// <summary>OpenAI's defaults: threshold 0.5, 300 ms prefix padding, 500 ms silence, respond and interrupt.</summary>
    public static TurnDetectionConfig Default { get; } = new();

    public string Type { get; init; } = ServerVad;

    /// <summary>Activation threshold, 0 to 1.</summary>
    public double Threshold { get; init; } = 0.5;

    /// <summary>Audio kept before the detected start of speech.</summary>
    public int PrefixPaddingMs { get; init; } = 300;

    /// <summary>Silence that ends the turn.</summary>
    public int SilenceDurationMs { get; init; } = 500;

    /// <summary>Start a response when the turn ends.</summary>
    public bool CreateResponse { get; init; } = true;

    /// <summary>Cancel the response in progress when the user starts speaking (barge-in).</summary>
    public bool InterruptResponse { get; init; } = true;

    /// <summary>Raise <c>input_audio_buffer.timeout_triggered</c> after this much silence following a response; null for never.</summary>
    public int? IdleTimeoutMs { get; init; }
}
