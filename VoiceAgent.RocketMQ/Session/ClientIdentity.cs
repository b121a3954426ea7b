using System.Diagnostics;
using System.Reflection;

namespace VoiceAgent.RocketMQ;

/// <summary>Process-wide facts every client announces: host name, process id, client version, client ids.</summary>
internal static class ClientIdentity
{
    /// <summary>What the official .NET client sends as <c>x-mq-language</c>.</summary>
    public const string Language = "DOTNET";

    private static long _index = -1;

    public static string HostName { get; } = ReadHostName();

    public static int ProcessId { get; } = Environment.ProcessId;

    public static string Version { get; } = ReadVersion();

    /// <summary>
    /// A new client id in the official layout <c>host@pid@index@time</c>: the index counts clients of this
    /// process and the last part is the creation time in nanoseconds since the Unix epoch, in base 36.
    /// </summary>
    public static string NextClientId()
    {
        var index = Interlocked.Increment(ref _index);
        var nanos = (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
        return $"{HostName}@{ProcessId}@{index}@{ToBase36(nanos)}";
    }

    internal static string ToBase36(long value)
    {
        const string Digits = "0123456789abcdefghijklmnopqrstuvwxyz";
        if (value == 0)
        {
            return "0";
        }

        Span<char> buffer = stackalloc char[16];
        var position = buffer.Length;
        var remaining = (ulong)value;
        while (remaining > 0)
        {
            buffer[--position] = Digits[(int)(remaining % 36)];
            remaining /= 36;
        }

        return new string(buffer[position..]);
    }

    private static string ReadHostName()
    {
        try
        {
            return System.Net.Dns.GetHostName();
        }
        catch (System.Net.Sockets.SocketException)
        {
            return Environment.MachineName;
        }
    }

    private static string ReadVersion()
    {
        var informational = typeof(ClientIdentity).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (string.IsNullOrEmpty(informational))
        {
            return FileVersionInfo.GetVersionInfo(typeof(ClientIdentity).Assembly.Location).FileVersion ?? "0.0.0";
        }

        var plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus];
    }
}
