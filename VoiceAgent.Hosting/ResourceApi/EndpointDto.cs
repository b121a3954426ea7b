namespace VoiceAgent.Hosting.ResourceApi;

/// <summary>One endpoint of a replica in the resource API.</summary>
internal sealed record EndpointDto(string Name, string Url, bool IsExternal);
