namespace VoiceAgent.Hosting;

/// <summary>Finds programs the way a shell does: a path as is, a bare name on PATH.</summary>
public static class ExecutableLocator
{
    /// <summary>Whether <paramref name="command"/> can be run.</summary>
    public static bool Exists(string command) => TryResolve(command) is not null;

    /// <summary>The full path of <paramref name="command"/>, or null when it is not found or not executable.</summary>
    public static string? TryResolve(string command)
    {
        ArgumentException.ThrowIfNullOrEmpty(command);
        if (command.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            var fullPath = Path.GetFullPath(command);
            return IsExecutableFile(fullPath) ? fullPath : null;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, command);
            if (IsExecutableFile(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static bool IsExecutableFile(string path)
    {
        if (!File.Exists(path))
        {
            return false;
        }

        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        const UnixFileMode AnyExecute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        return (File.GetUnixFileMode(path) & AnyExecute) != 0;
    }
}
