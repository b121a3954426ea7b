namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>What an arguments callback sees: the replica being started and its arguments so far.</summary>
public sealed class CommandLineArgsCallbackContext(ResourceReplica replica, List<string> args)
{
    /// <summary>The replica being started.</summary>
    public ResourceReplica Replica { get; } = replica;

    /// <summary>The arguments, in order.</summary>
    public List<string> Args { get; } = args;
}
