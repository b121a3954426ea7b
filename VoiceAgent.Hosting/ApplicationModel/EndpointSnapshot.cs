namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>One endpoint of a replica as the resource API shows it.</summary>
public sealed record EndpointSnapshot(string Name, string Url, bool IsExternal);
