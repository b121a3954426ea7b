using System.Text.Json.Serialization;
using VoiceAgent.Realtime.Json.Dto;

namespace VoiceAgent.Realtime.Json;

/// <summary>Source-generated (de)serialisation of the nested objects of client events.</summary>
[JsonSourceGenerationOptions(
    GenerationMode = JsonSourceGenerationMode.Metadata,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(SessionDto))]
[JsonSerializable(typeof(ResponseDto))]
internal sealed partial class RealtimeJsonContext : JsonSerializerContext
{
}
