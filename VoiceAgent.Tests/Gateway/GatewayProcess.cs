using System.Diagnostics;
using System.Text;
using VoiceAgent.Broker;
using VoiceAgent.Tests.Infrastructure;

namespace VoiceAgent.Tests.Gateway;

/// <summary>
/// The built gateway as a child process (<c>dotnet VoiceAgent.Gateway.dll</c>, Production, 127.0.0.1 port 0)
/// against a broker, for what only a real process shows: SIGTERM handling and the exit code.
/// </summary>
public sealed class GatewayProcess : IAsyncDisposable
{
    private const string ListeningPrefix = "Now listening on: ";

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private GatewayProcess(Process process)
    {
        _process = process;
    }

    public Uri RealtimeUri { get; private set; } = null!;

    /// <summary>What the process printed so far (stdout and stderr).</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Resident memory of the process now (what an operator's dashboard shows).</summary>
    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts the gateway against <paramref name="broker"/>; <paramref name="environment"/> adds or overrides
    /// variables (e.g. <c>VoiceAgent__Gateway__UplinkQueueCapacity</c>).
    /// </summary>
    public static async Task<GatewayProcess> StartAsync(EmbeddedBroker broker, IReadOnlyDictionary<string, string>? environment = null)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var dll = RepositoryPaths.Combine("artifacts", "bin", "VoiceAgent.Gateway", configuration, "VoiceAgent.Gateway.dll");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        startInfo.ArgumentList.Add(dll);
        startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["ConnectionStrings__rocketmq"] = broker.ConnectionString;
        startInfo.Environment["VoiceAgent__ApiKey"] = GatewayHost.DefaultApiKey;
        startInfo.Environment["VoiceAgent__ResumeKey"] = GatewayHost.DefaultResumeKey;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
        }

        var process = new Process { StartInfo = startInfo, EnableRaisingEvents = true };
        var gateway = new GatewayProcess(process);
        process.OutputDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => gateway.OnLine(e.Data);
        process.Exited += (_, _) => gateway._listening.TrySetException(new InvalidOperationException($"The gateway exited with {process.ExitCode}:\n{gateway.Output}"));
        if (!process.Start())
        {
            throw new InvalidOperationException("Could not start the gateway process.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var baseUri = await gateway._listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
            gateway.RealtimeUri = new Uri($"ws://{baseUri.Host}:{baseUri.Port}/v1/realtime");
            await gateway.WaitUntilReadyAsync(baseUri);
            return gateway;
        }
        catch
        {
            await gateway.DisposeAsync();
            throw;
        }
    }

    /// <summary>Sends SIGTERM, as an orchestrator stopping the container does.</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>The exit code, once the process ended.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }

        _process.Dispose();
    }

    private async Task WaitUntilReadyAsync(Uri baseUri)
    {
        using var http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(10) };
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"The gateway process did not become ready:\n{Output}");
            }

            await Task.Delay(100);
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        var at = line.IndexOf(ListeningPrefix, StringComparison.Ordinal);
        if (at >= 0 && Uri.TryCreate(line[(at + ListeningPrefix.Length)..].Trim(), UriKind.Absolute, out var uri))
        {
            _listening.TrySetResult(uri);
        }
    }
}
