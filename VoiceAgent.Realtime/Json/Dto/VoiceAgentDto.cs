using System.Text.Json.Serialization;

namespace VoiceAgent.Realtime.Json.Dto;

/// <summary><c>session.voiceagent</c> as sent.</summary>
internal sealed class VoiceAgentDto
{
    [JsonPropertyName("binary_output_audio")]
    public bool? BinaryOutputAudio { get; set; }
}
