namespace VoiceAgent.Hosting.Orchestration;

/// <summary>
/// How children are tied to the AppHost on Linux. Each child is started through util-linux's
/// <c>setpriv --pdeathsig KILL</c> (the kernel kills it when the AppHost dies, even by SIGKILL) and
/// <c>setsid</c> (it leads its own process group, so a stop signal reaches its own children too, and the
/// terminal's Ctrl+C reaches only the AppHost, which then stops everything in order). Both tools exec the
/// next program in place: the child keeps the pid the AppHost sees.
/// </summary>
internal static class ChildProcessIsolation
{
    private static readonly Lazy<string?> SetprivPath = new(() => OperatingSystem.IsLinux() ? ExecutableLocator.TryResolve("setpriv") : null);
    private static readonly Lazy<string?> SetsidPath = new(() => OperatingSystem.IsLinux() ? ExecutableLocator.TryResolve("setsid") : null);

    /// <summary>Whether children are killed by the kernel when the AppHost dies.</summary>
    public static bool DiesWithAppHost => SetprivPath.Value is not null;

    /// <summary>Whether each child leads its own process group.</summary>
    public static bool HasOwnProcessGroup => SetsidPath.Value is not null;

    /// <summary>The program and arguments that start <paramref name="fileName"/> isolated as far as this machine allows.</summary>
    public static (string FileName, List<string> Arguments) Wrap(string fileName, IEnumerable<string> arguments)
    {
        var prefix = new List<string>();
        if (SetprivPath.Value is { } setpriv)
        {
            prefix.AddRange([setpriv, "--pdeathsig", "KILL", "--"]);
        }

        if (SetsidPath.Value is { } setsid)
        {
            prefix.Add(setsid);
        }

        if (prefix.Count == 0)
        {
            return (fileName, [.. arguments]);
        }

        return (prefix[0], [.. prefix.Skip(1), fileName, .. arguments]);
    }
}
