using System.Runtime.InteropServices;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>Sends signals to processes and process groups (libc <c>kill</c>); .NET can only send SIGKILL.</summary>
internal static partial class PosixSignals
{
    public const int SigKill = 9;
    public const int SigTerm = 15;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="pid"/>, or to process group -<paramref name="pid"/> when negative.</summary>
    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
