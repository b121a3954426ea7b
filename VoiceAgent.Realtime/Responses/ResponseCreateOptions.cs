using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Realtime.Responses;

/// <summary>
/// The <c>response</c> of a <c>response.create</c>, normalised to the GA shape: per-response overrides of the
/// session's settings. Only what the client gave is set.
/// </summary>
public sealed record ResponseCreateOptions
{
    public IReadOnlyList<string>? OutputModalities { get; init; }

    public string? Instructions { get; init; }

    /// <summary><c>auto</c> (the default: the response joins the conversation) or <c>none</c> (out of band).</summary>
    public string? Conversation { get; init; }

    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    public Optional<int?> MaxOutputTokens { get; init; }

    public AudioFormat? OutputFormat { get; init; }

    public string? Voice { get; init; }
}
