using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceAgent.Realtime.Json.Dto;

/// <summary>
/// The <c>session</c> object of <c>session.update</c> as sent, GA and beta fields side by side. Unknown fields
/// (<c>tools</c>, <c>temperature</c>, <c>tracing</c>, ...) are ignored.
/// </summary>
internal sealed class SessionDto
{
    private TranscriptionDto? _inputAudioTranscription;
    private TurnDetectionDto? _turnDetection;
    private JsonElement? _maxOutputTokens;
    private JsonElement? _maxResponseOutputTokens;

    [JsonPropertyName("type")]
    public string? Type { get; set; }

    [JsonPropertyName("model")]
    public string? Model { get; set; }

    [JsonPropertyName("output_modalities")]
    public string[]? OutputModalities { get; set; }

    [JsonPropertyName("instructions")]
    public string? Instructions { get; set; }

    [JsonPropertyName("audio")]
    public AudioDto? Audio { get; set; }

    [JsonPropertyName("max_output_tokens")]
    public JsonElement? MaxOutputTokens
    {
        get => _maxOutputTokens;
        set
        {
            _maxOutputTokens = value;
            HasMaxOutputTokens = true;
        }
    }

    [JsonPropertyName("voiceagent")]
    public VoiceAgentDto? VoiceAgent { get; set; }

    // Beta (flat) fields

    [JsonPropertyName("modalities")]
    public string[]? Modalities { get; set; }

    [JsonPropertyName("voice")]
    public string? Voice { get; set; }

    [JsonPropertyName("speed")]
    public double? Speed { get; set; }

    [JsonPropertyName("input_audio_format")]
    public JsonElement? InputAudioFormat { get; set; }

    [JsonPropertyName("output_audio_format")]
    public JsonElement? OutputAudioFormat { get; set; }

    [JsonPropertyName("input_audio_transcription")]
    public TranscriptionDto? InputAudioTranscription
    {
        get => _inputAudioTranscription;
        set
        {
            _inputAudioTranscription = value;
            HasInputAudioTranscription = true;
        }
    }

    [JsonPropertyName("turn_detection")]
    public TurnDetectionDto? TurnDetection
    {
        get => _turnDetection;
        set
        {
            _turnDetection = value;
            HasTurnDetection = true;
        }
    }

    [JsonPropertyName("max_response_output_tokens")]
    public JsonElement? MaxResponseOutputTokens
    {
        get => _maxResponseOutputTokens;
        set
        {
            _maxResponseOutputTokens = value;
            HasMaxResponseOutputTokens = true;
        }
    }

    [JsonIgnore]
    public bool HasMaxOutputTokens { get; private set; }

    [JsonIgnore]
    public bool HasInputAudioTranscription { get; private set; }

    [JsonIgnore]
    public bool HasTurnDetection { get; private set; }

    [JsonIgnore]
    public bool HasMaxResponseOutputTokens { get; private set; }
}
