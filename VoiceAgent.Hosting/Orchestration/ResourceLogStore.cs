namespace VoiceAgent.Hosting.Orchestration;

/// <summary>The console output of every replica, kept for the resource API and the dashboard.</summary>
internal sealed class ResourceLogStore(IEnumerable<string> replicaNames, int linesPerReplica)
{
    private readonly Dictionary<string, ReplicaLog> _logs = replicaNames.ToDictionary(name => name, _ => new ReplicaLog(linesPerReplica), StringComparer.Ordinal);

    public ReplicaLog? Find(string replicaName) => _logs.GetValueOrDefault(replicaName);

    public ReplicaLog Get(string replicaName) => _logs[replicaName];
}
