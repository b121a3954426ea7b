using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>One started replica process: its output pumps, its exit, and the signals that stop it.</summary>
internal sealed class ChildProcess : IDisposable
{
    private readonly Process _process;
    private readonly bool _ownsProcessGroup;
    private readonly Task _output;

    private ChildProcess(Process process, bool ownsProcessGroup, Action<string, bool> onOutputLine)
    {
        _process = process;
        _ownsProcessGroup = ownsProcessGroup;
        Id = process.Id;
        StartTime = DateTimeOffset.UtcNow;
        process.StandardInput.Close();
        _output = Task.WhenAll(
            PumpAsync(process.StandardOutput, isErrorOutput: false, onOutputLine),
            PumpAsync(process.StandardError, isErrorOutput: true, onOutputLine));
        Exit = WaitForExitAsync(process);
    }

    public int Id { get; }

    public DateTimeOffset StartTime { get; }

    /// <summary>Completes with the exit code when the process exits (128 + n when killed by signal n).</summary>
    public Task<int> Exit { get; }

    public static async Task<ChildProcess> StartAsync(LaunchSpec spec, Action<string, bool> onOutputLine)
    {
        var (fileName, arguments) = ChildProcessIsolation.Wrap(spec.FileName, spec.Arguments);
        var startInfo = new ProcessStartInfo(fileName)
        {
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach (var (name, value) in spec.Environment)
        {
            startInfo.Environment[name] = value;
        }

        Process process;
        try
        {
            process = await ProcessLauncher.Shared.StartAsync(startInfo).ConfigureAwait(false);
        }
        catch (Win32Exception exception)
        {
            throw new ResourceLaunchException($"Could not start {spec.FileName}: {exception.Message}", exception);
        }

        return new ChildProcess(process, ChildProcessIsolation.HasOwnProcessGroup, onOutputLine);
    }

    /// <summary>Sends a signal to the process and, when it leads its own group, to everything it started.</summary>
    public void Signal(int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            Kill();
            return;
        }

        if (_ownsProcessGroup)
        {
            // The group outlives its leader while any member lives, so this also reaches leftovers after an exit.
            PosixSignals.Send(-Id, signal);
        }
        else if (!Exit.IsCompleted)
        {
            PosixSignals.Send(Id, signal);
        }
    }

    /// <summary>SIGKILL to the process group and the process tree.</summary>
    public void Kill()
    {
        if (!OperatingSystem.IsWindows())
        {
            Signal(PosixSignals.SigKill);
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception exception) when (exception is InvalidOperationException or Win32Exception or AggregateException)
        {
            // It exited meanwhile.
        }
    }

    /// <summary>Waits (bounded) for the last output lines after the process exited.</summary>
    public async Task DrainOutputAsync(TimeSpan timeout)
    {
        try
        {
            await _output.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            // A leftover child still holds the pipe; what was read so far is kept.
        }
    }

    public void Dispose() => _process.Dispose();

    private static async Task<int> WaitForExitAsync(Process process)
    {
        await process.WaitForExitAsync().ConfigureAwait(false);
        return process.ExitCode;
    }

    private static async Task PumpAsync(StreamReader reader, bool isErrorOutput, Action<string, bool> onOutputLine)
    {
        try
        {
            while (await reader.ReadLineAsync().ConfigureAwait(false) is { } line)
            {
                onOutputLine(line, isErrorOutput);
            }
        }
        catch (Exception exception) when (exception is IOException or ObjectDisposedException)
        {
            // The pipe closed.
        }
    }
}
