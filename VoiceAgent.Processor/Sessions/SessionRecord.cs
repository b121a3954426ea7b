using VoiceAgent.Processor.Audio;

namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// What the uplink handler keeps per session: the connection and last applied <c>useq</c> (for dedupe), the session
/// configuration, the VAD state, where the input audio buffer starts and how long it is, and the id counter. Only the
/// handler of the session's uplink writes it (FIFO delivery means one at a time); the turn runner never does.
/// </summary>
internal sealed class SessionRecord
{
    public SessionRecord(string sessionId)
    {
        SessionId = sessionId;
    }

    public string SessionId { get; }

    /// <summary>False until the session's first save.</summary>
    public bool Exists { get; set; }

    /// <summary>The session's current connection; messages of other connections are ignored.</summary>
    public string? Connection { get; set; }

    /// <summary>The last applied <c>useq</c> of <see cref="Connection"/>.</summary>
    public long LastUseq { get; set; }

    /// <summary>The effective session configuration, as JSON in the GA shape.</summary>
    public string? ConfigJson { get; set; }

    /// <summary>Set when <see cref="ConfigJson"/> changed and must be saved.</summary>
    public bool ConfigChanged { get; set; }

    public VadState Vad;

    /// <summary>Input audio received since the session started, in ms.</summary>
    public double InputMs { get; set; }

    /// <summary>Where the input audio buffer (the stored partial utterance) starts, in ms of input audio.</summary>
    public double BufferStartMs { get; set; }

    /// <summary>The input audio buffer's length in bytes of <see cref="BufferFormat"/>.</summary>
    public long BufferBytes { get; set; }

    /// <summary>The format of the buffered audio, e.g. <c>audio/pcm;rate=24000</c>.</summary>
    public string? BufferFormat { get; set; }

    /// <summary>With server VAD: the item id announced by speech_started, used when speech stops.</summary>
    public string? SpeechItemId { get; set; }

    /// <summary>The last item added to the conversation (<c>previous_item_id</c> of the next).</summary>
    public string? LastItemId { get; set; }

    /// <summary>Counter for item and response ids.</summary>
    public long NextId { get; set; }

    /// <summary>A random prefix that makes this session's ids unique.</summary>
    public string IdPrefix { get; set; } = "";

    /// <summary>A new id such as <c>item_k3J9x0a2_7</c>; deterministic given the record, so a re-applied message makes the same ids.</summary>
    public string NewId(string kind) => $"{kind}_{IdPrefix}_{++NextId}";
}
