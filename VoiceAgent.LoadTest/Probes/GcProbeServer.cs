using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace VoiceAgent.LoadTest.Probes;

/// <summary>
/// Runs inside the broker process (loaded by <see cref="StartupHook"/>): listens on the Unix socket named by
/// <see cref="SocketVariable"/>; each connection sends one byte, <c>C</c> for a forced, compacting full
/// collection first or <c>P</c> to peek, and gets one line back: <c>live heap committed gen2</c> in bytes.
/// </summary>
internal static class GcProbeServer
{
    /// <summary>The environment variable with the socket path; without it the hook does nothing.</summary>
    public const string SocketVariable = "VOICEAGENT_GC_PROBE_SOCKET";

    public static void StartFromEnvironment()
    {
        if (Environment.GetEnvironmentVariable(SocketVariable) is not { Length: > 0 } path)
        {
            return;
        }

        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        File.Delete(path);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        listener.Listen(4);
        var thread = new Thread(() => Serve(listener)) { IsBackground = true, Name = "GC probe" };
        thread.Start();
    }

    private static void Serve(Socket listener)
    {
        var command = new byte[1];
        while (true)
        {
            using var connection = listener.Accept();
            try
            {
                if (connection.Receive(command) != 1)
                {
                    continue;
                }

                if (command[0] == (byte)'C')
                {
                    Collect();
                }

                var info = GC.GetGCMemoryInfo();
                var reply = string.Create(
                    CultureInfo.InvariantCulture,
                    $"{GC.GetTotalMemory(false)} {info.HeapSizeBytes} {info.TotalCommittedBytes} {GC.CollectionCount(2)}\n");
                connection.Send(Encoding.ASCII.GetBytes(reply));
            }
            catch (SocketException)
            {
                // The load test went away mid-request; wait for the next one.
            }
        }
    }

    private static void Collect()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
    }
}
