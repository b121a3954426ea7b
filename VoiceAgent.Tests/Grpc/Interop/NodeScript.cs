using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using VoiceAgent.Tests.Infrastructure;

namespace VoiceAgent.Tests.Grpc.Interop;

/// <summary>A node script from interop/grpc-js run as a child process, with its output read line by line.</summary>
internal sealed class NodeScript : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();
    private readonly TaskCompletionSource _outputClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private NodeScript(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                _lines.Writer.TryComplete();
                _outputClosed.TrySetResult();
                return;
            }

            lock (_stdout)
            {
                _stdout.AppendLine(e.Data);
            }

            _lines.Writer.TryWrite(e.Data);
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.AppendLine(e.Data);
                }
            }
        };
    }

    public ChannelReader<string> Lines => _lines.Reader;

    public string StandardOutput
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public string StandardError
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public static NodeScript Start(string script, params string[] arguments)
    {
        var folder = InteropFolder();
        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(folder, script));
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start node.");
        var started = new NodeScript(process);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return started;
    }

    /// <summary>Waits for the script to exit on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);

        // Let the output events drain.
        await _outputClosed.Task.WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // A server script stops when its standard input closes.
            _process.StandardInput.Close();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }
        finally
        {
            _process.Dispose();
        }
    }

    /// <summary>interop/grpc-js under the repository root, with its node_modules installed.</summary>
    private static string InteropFolder()
    {
        RepositoryPaths.NodeModules("grpc-js");
        return RepositoryPaths.Combine("interop", "grpc-js");
    }
}
