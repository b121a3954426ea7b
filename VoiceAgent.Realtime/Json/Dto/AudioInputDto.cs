using System.Text.Json.Serialization;

namespace VoiceAgent.Realtime.Json.Dto;

/// <summary><c>session.audio.input</c> as sent; tells a field set to null from one left out.</summary>
internal sealed class AudioInputDto
{
    private TranscriptionDto? _transcription;
    private TurnDetectionDto? _turnDetection;

    [JsonPropertyName("format")]
    public AudioFormatDto? Format { get; set; }

    [JsonPropertyName("transcription")]
    public TranscriptionDto? Transcription
    {
        get => _transcription;
        set
        {
            _transcription = value;
            HasTranscription = true;
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

    [JsonIgnore]
    public bool HasTranscription { get; private set; }

    [JsonIgnore]
    public bool HasTurnDetection { get; private set; }
}
