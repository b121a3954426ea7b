using System.Globalization;
using VoiceAgent.LoadTest.Measurement;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>CPU seconds of processes together with all their descendants (launch wrappers, espeak-ng), from /proc.</summary>
internal static class ProcessTreeCpu
{
    /// <summary>CPU seconds per key: each root process and its descendants, summed over the roots of that key.</summary>
    public static Dictionary<string, double> Measure(IReadOnlyList<(string Key, int Pid)> roots)
    {
        var children = ChildrenByParent();
        var totals = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (key, pid) in roots)
        {
            totals[key] = totals.GetValueOrDefault(key) + TreeSeconds(pid, children);
        }

        return totals;
    }

    private static double TreeSeconds(int pid, Dictionary<int, List<int>> children)
    {
        var total = 0.0;
        var pending = new Stack<int>();
        pending.Push(pid);
        while (pending.TryPop(out var next))
        {
            try
            {
                total += ProcessStats.CpuSeconds(next);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // The process has just exited.
            }

            if (children.TryGetValue(next, out var kids))
            {
                kids.ForEach(pending.Push);
            }
        }

        return total;
    }

    private static Dictionary<int, List<int>> ChildrenByParent()
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                var parent = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }

                list.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                // Gone meanwhile.
            }
        }

        return children;
    }
}
