using Microsoft.Extensions.Logging;

namespace VoiceAgent.Hosting.Orchestration;

internal sealed partial class Orchestrator
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "Starting {ResourceCount} resources ({ReplicaCount} replicas)")]
        public static partial void Starting(ILogger logger, int resourceCount, int replicaCount);

        [LoggerMessage(2, LogLevel.Information, "Stopping {ReplicaCount} replicas, each after those that wait for it (grace period {GraceSeconds} s each)")]
        public static partial void Stopping(ILogger logger, int replicaCount, double graceSeconds);

        [LoggerMessage(3, LogLevel.Information, "All replicas stopped")]
        public static partial void Stopped(ILogger logger);

        [LoggerMessage(4, LogLevel.Warning, "setpriv (util-linux) was not found: children will outlive the AppHost if it is killed")]
        public static partial void NoParentDeathSignal(ILogger logger);
    }
}
