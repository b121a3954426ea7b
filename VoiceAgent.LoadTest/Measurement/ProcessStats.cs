using System.Globalization;

namespace VoiceAgent.LoadTest.Measurement;

/// <summary>CPU time and memory of a process and the machine's load, read from /proc (Linux).</summary>
internal static class ProcessStats
{
    /// <summary>USER_HZ: the unit of the CPU times in /proc/[pid]/stat, 100 on every Linux architecture .NET runs on.</summary>
    private const double ClockTicksPerSecond = 100;

    /// <summary>User plus system CPU seconds of <paramref name="pid"/> so far (its own threads, not its children).</summary>
    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");

        // The command name (field 2) may contain spaces and parentheses: the fields that follow start after the last ')'.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var user = long.Parse(fields[11], CultureInfo.InvariantCulture);
        var system = long.Parse(fields[12], CultureInfo.InvariantCulture);
        return (user + system) / ClockTicksPerSecond;
    }

    /// <summary>Resident set size in bytes (VmRSS).</summary>
    public static long ResidentBytes(int pid) => StatusKilobytes(pid, "VmRSS:") * 1024;

    /// <summary>Peak resident set size in bytes (VmHWM).</summary>
    public static long PeakResidentBytes(int pid) => StatusKilobytes(pid, "VmHWM:") * 1024;

    /// <summary>The 1-minute load average.</summary>
    public static double LoadAverage()
    {
        var text = File.ReadAllText("/proc/loadavg");
        return double.Parse(text.AsSpan(0, text.IndexOf(' ')), CultureInfo.InvariantCulture);
    }

    private static long StatusKilobytes(int pid, string key)
    {
        foreach (var line in File.ReadLines($"/proc/{pid}/status"))
        {
            if (line.StartsWith(key, StringComparison.Ordinal))
            {
                return long.Parse(line.AsSpan(key.Length).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
            }
        }

        return 0;
    }
}
