namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>How <see cref="IResourceBuilder{T}.WithAnnotation"/> treats annotations of the same type.</summary>
public enum ResourceAnnotationMutationBehavior
{
    /// <summary>Keep them and add the new one.</summary>
    Append,

    /// <summary>Remove them, then add the new one.</summary>
    Replace,
}
