using System.Text.Json.Serialization;

namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// Background work queued for a session's turn runner, in order: transcribe a committed utterance, or produce a
/// response. Stored as JSON in the session's job list; the exact stored text identifies the job.
/// </summary>
internal sealed record TurnJob
{
    public const string TranscribeKind = "transcribe";
    public const string RespondKind = "respond";

    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>Transcribe: the user item. Respond: the assistant item the answer becomes.</summary>
    [JsonPropertyName("item")]
    public required string ItemId { get; init; }

    /// <summary>Transcribe: the key holding the committed audio, and where the utterance starts in it.</summary>
    [JsonPropertyName("audio_key")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AudioKey { get; init; }

    [JsonPropertyName("offset")]
    public long Offset { get; init; }

    /// <summary>Transcribe: the input audio format, e.g. <c>audio/pcm;rate=24000</c>.</summary>
    [JsonPropertyName("format")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Format { get; init; }

    /// <summary>Transcribe: an optional language hint and prompt from the session's transcription settings.</summary>
    [JsonPropertyName("language")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Language { get; init; }

    [JsonPropertyName("prompt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Prompt { get; init; }

    /// <summary>Respond: the response id.</summary>
    [JsonPropertyName("response")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ResponseId { get; init; }

    /// <summary>Respond: the user item that asked for it, if any (its failed transcription fails the response).</summary>
    [JsonPropertyName("input")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? InputItemId { get; init; }

    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResponseConfig? Config { get; init; }

    /// <summary>The W3C traceparent of the uplink message that queued the job: the turn's span continues that trace.</summary>
    [JsonPropertyName("trace")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? TraceParent { get; init; }

    /// <summary>When the utterance was committed (Unix ms), for the commit-to-first-audio latency.</summary>
    [JsonPropertyName("committed_at")]
    public long CommittedAtUnixMs { get; init; }
}
