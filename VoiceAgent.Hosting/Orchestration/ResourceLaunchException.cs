namespace VoiceAgent.Hosting.Orchestration;

/// <summary>A replica cannot be started (program not found, project not built, a callback failed); it will not be retried.</summary>
internal sealed class ResourceLaunchException(string message, Exception? innerException = null) : Exception(message, innerException);
