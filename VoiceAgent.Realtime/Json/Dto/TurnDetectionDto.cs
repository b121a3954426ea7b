using System.Text.Json.Serialization;

namespace VoiceAgent.Realtime.Json.Dto;

/// <summary>A <c>turn_detection</c> object as sent.</summary>
internal sealed class TurnDetectionDto
{
    private int? _idleTimeoutMs;

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("threshold")]
    public double? Threshold { get; set; }

    [JsonPropertyName("prefix_padding_ms")]
    public int? PrefixPaddingMs { get; set; }

    [JsonPropertyName("silence_duration_ms")]
    public int? SilenceDurationMs { get; set; }

    [JsonPropertyName("create_response")]
    public bool? CreateResponse { get; set; }

    [JsonPropertyName("interrupt_response")]
    public bool? InterruptResponse { get; set; }

    [JsonPropertyName("idle_timeout_ms")]
    public int? IdleTimeoutMs
    {
        get => _idleTimeoutMs;
        set
        {
            _idleTimeoutMs = value;
            HasIdleTimeoutMs = true;
        }
    }

    [JsonIgnore]
    public bool HasIdleTimeoutMs { get; private set; }
}
