using System.Text.Json;
using System.Text.Json.Serialization;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.ResourceApi;

/// <summary>Source-generated JSON for the resource API: camelCase, nulls written (health is null before the first check).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(ResourceReplicaDto[]))]
[JsonSerializable(typeof(ResourceReplicaDto))]
[JsonSerializable(typeof(ResourceLogLine[]))]
[JsonSerializable(typeof(ErrorDto))]
internal sealed partial class ResourceApiJsonContext : JsonSerializerContext;
