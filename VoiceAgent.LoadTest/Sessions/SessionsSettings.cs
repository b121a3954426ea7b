namespace VoiceAgent.LoadTest.Sessions;

/// <summary>What <c>VoiceAgent.LoadTest sessions</c> was asked to do.</summary>
internal sealed record SessionsSettings
{
    /// <summary>Gateways of a running stack (<c>ws://host:port</c>); empty with <see cref="Stack"/>.</summary>
    public IReadOnlyList<Uri> Gateways { get; init; } = [];

    /// <summary>The client key; with <see cref="Stack"/> the key the tool gives the gateways.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Start the whole stack through the AppHost's model.</summary>
    public bool Stack { get; init; }

    /// <summary><c>zero</c> or <c>realistic</c>: the mock models' latencies (with <see cref="Stack"/>).</summary>
    public string Mocks { get; init; } = MockProfiles.Zero;

    /// <summary>The mock TTS engine (with <see cref="Stack"/>): <c>tone</c> keeps the models' CPU out of the figures.</summary>
    public string TtsEngine { get; init; } = "tone";

    /// <summary>Sentences per answer of the mock LLM (with <see cref="Stack"/>); each turn's audio lasts as long as they take to say.</summary>
    public int AnswerSentences { get; init; } = 2;

    /// <summary>Gateway and processor replicas (with <see cref="Stack"/>); null keeps the AppHost's.</summary>
    public int? GatewayReplicas { get; init; }

    public int? ProcessorReplicas { get; init; }

    public int Sessions { get; init; } = 10;

    /// <summary>Sessions start evenly spread over this time; the measured window starts once all are configured.</summary>
    public TimeSpan Ramp { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Load before the measured window (turns in it do not count): the services' JIT and tiering settle first, so that
    /// the CPU figures are the steady state's.
    /// </summary>
    public TimeSpan Warmup { get; init; } = TimeSpan.Zero;

    /// <summary>The measured window: turns committed in it count.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Speech per turn, streamed at real time.</summary>
    public TimeSpan Utterance { get; init; } = TimeSpan.FromSeconds(1.2);

    /// <summary>Silence between response.done and the next utterance.</summary>
    public TimeSpan Pause { get; init; } = TimeSpan.Zero;

    /// <summary>A turn without response.done after this long counts as an error.</summary>
    public TimeSpan TurnTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Input audio as binary WebSocket frames (VoiceAgent's extension) instead of base64 appends.</summary>
    public bool BinaryInput { get; init; }

    /// <summary>Output audio as binary frames (<c>voiceagent.binary_output_audio</c>) instead of base64 deltas.</summary>
    public bool BinaryOutput { get; init; }

    /// <summary>Let the server's VAD end each turn (trailing silence) instead of commit + response.create.</summary>
    public bool ServerVad { get; init; }

    /// <summary>
    /// The services' default log level (with <see cref="Stack"/>): Warning keeps per-request Information logs (HTTP
    /// client, connections) out of the figures, as a production configuration would.
    /// </summary>
    public string ServiceLogLevel { get; init; } = "Warning";

    /// <summary>Where to write every replica's console output at the end (with <see cref="Stack"/>).</summary>
    public string? StackLog { get; init; }

    public bool Json { get; init; }
}
