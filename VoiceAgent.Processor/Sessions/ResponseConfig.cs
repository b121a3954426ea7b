using System.Text.Json.Serialization;

namespace VoiceAgent.Processor.Sessions;

/// <summary>What a response is to produce, fixed when it is created (from the session and <c>response.create</c>).</summary>
internal sealed record ResponseConfig
{
    /// <summary>Audio (with its transcript) when true, text only when false.</summary>
    [JsonPropertyName("audio")]
    public bool Audio { get; init; } = true;

    [JsonPropertyName("instructions")]
    public string? Instructions { get; init; }

    [JsonPropertyName("voice")]
    public string? Voice { get; init; }

    [JsonPropertyName("speed")]
    public double? Speed { get; init; }

    /// <summary>The output audio format's MIME-like name, e.g. <c>audio/pcm;rate=24000</c> or <c>audio/pcmu</c>.</summary>
    [JsonPropertyName("format")]
    public string OutputFormat { get; init; } = "audio/pcm;rate=24000";

    [JsonPropertyName("max_tokens")]
    public int? MaxOutputTokens { get; init; }

    /// <summary>False for <c>conversation: "none"</c>: the answer is not added to the history.</summary>
    [JsonPropertyName("remember")]
    public bool Remember { get; init; } = true;
}
