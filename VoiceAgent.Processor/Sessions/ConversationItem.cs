using System.Text.Json.Serialization;

namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// One message of a session's conversation history, as the LLM sees it: a user utterance's transcript or an answer's
/// delivered text. An answer spoken aloud keeps, per sentence, where its audio began, so that
/// <c>conversation.item.truncate</c> can cut the text to what was heard.
/// </summary>
internal sealed record ConversationItem
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    /// <summary><c>user</c> or <c>assistant</c>.</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    [JsonPropertyName("text")]
    public string Text { get; init; } = "";

    /// <summary><c>completed</c>, <c>incomplete</c> (cut short) or <c>failed</c> (a transcription that failed).</summary>
    [JsonPropertyName("status")]
    public string Status { get; init; } = ItemStatus.Completed;

    /// <summary>For spoken answers: each sentence's start in the answer's audio (ms) and its end in <see cref="Text"/>.</summary>
    [JsonPropertyName("segments")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<SpokenSegment>? Segments { get; init; }
}
