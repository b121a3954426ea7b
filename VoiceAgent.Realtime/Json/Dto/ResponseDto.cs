using System.Text.Json;
using System.Text.Json.Serialization;

namespace VoiceAgent.Realtime.Json.Dto;

/// <summary>The <c>response</c> object of <c>response.create</c> as sent, GA and beta fields side by side.</summary>
internal sealed class ResponseDto
{
    private JsonElement? _maxOutputTokens;

    [JsonPropertyName("output_modalities")]
    public string[]? OutputModalities { get; set; }

    [JsonPropertyName("modalities")]
    public string[]? Modalities { get; set; }

    [JsonPropertyName("instructions")]
    public string? Instructions { get; set; }

    [JsonPropertyName("conversation")]
    public string? Conversation { get; set; }

    [JsonPropertyName("metadata")]
    public Dictionary<string, string>? Metadata { get; set; }

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

    [JsonPropertyName("max_response_output_tokens")]
    public JsonElement? MaxResponseOutputTokens
    {
        get => _maxOutputTokens;
        set
        {
            _maxOutputTokens = value;
            HasMaxOutputTokens = true;
        }
    }

    [JsonPropertyName("audio")]
    public ResponseAudioDto? Audio { get; set; }

    [JsonPropertyName("voice")]
    public string? Voice { get; set; }

    [JsonPropertyName("output_audio_format")]
    public JsonElement? OutputAudioFormat { get; set; }

    [JsonIgnore]
    public bool HasMaxOutputTokens { get; private set; }
}
