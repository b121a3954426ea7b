namespace VoiceAgent.Hosting.ResourceApi;

/// <summary>The body of a resource API error.</summary>
internal sealed record ErrorDto(string Error);
