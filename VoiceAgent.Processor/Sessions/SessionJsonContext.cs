using System.Text.Json.Serialization;

namespace VoiceAgent.Processor.Sessions;

/// <summary>Source-generated JSON of what the store keeps as text: history items, jobs, spoken segments.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ConversationItem))]
[JsonSerializable(typeof(TurnJob))]
[JsonSerializable(typeof(List<SpokenSegment>))]
internal sealed partial class SessionJsonContext : JsonSerializerContext;
