using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;

namespace VoiceAgent.Hosting.Orchestration;

internal sealed partial class ReplicaRunner
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Information, "{Replica} started (pid {ProcessId})")]
        public static partial void ReplicaStarted(ILogger logger, string replica, int processId);

        [LoggerMessage(2, LogLevel.Error, "{Replica} failed to start: {Reason}")]
        public static partial void ReplicaFailedToStart(ILogger logger, string replica, string reason);

        [LoggerMessage(3, LogLevel.Warning, "{Replica} exited with code {ExitCode}; restarting in {DelaySeconds} s")]
        public static partial void ReplicaCrashed(ILogger logger, string replica, int exitCode, double delaySeconds);

        [LoggerMessage(4, LogLevel.Information, "{Replica} finished (exit code 0); it is not restarted")]
        public static partial void ReplicaFinished(ILogger logger, string replica);

        [LoggerMessage(5, LogLevel.Information, "{Replica} is {HealthStatus}")]
        public static partial void HealthChanged(ILogger logger, string replica, HealthStatus healthStatus);

        [LoggerMessage(6, LogLevel.Warning, "{Replica} did not stop within {GraceSeconds} s of SIGTERM; killed")]
        public static partial void ReplicaKilledAfterGracePeriod(ILogger logger, string replica, double graceSeconds);

        [LoggerMessage(7, LogLevel.Error, "{Replica} will not start: {Reason}")]
        public static partial void DependencyFailed(ILogger logger, string replica, string reason);
    }
}
