namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>Marks a piece of information attached to a resource.</summary>
public interface IResourceAnnotation;
