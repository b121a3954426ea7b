namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>What an environment callback sees: the replica being started and its environment so far.</summary>
public sealed class EnvironmentCallbackContext(ResourceReplica replica, Dictionary<string, string> environmentVariables)
{
    /// <summary>The replica being started.</summary>
    public ResourceReplica Replica { get; } = replica;

    /// <summary>The environment variables the replica will get; callbacks add, change or remove entries.</summary>
    public Dictionary<string, string> EnvironmentVariables { get; } = environmentVariables;
}
