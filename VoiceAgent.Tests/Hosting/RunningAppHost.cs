using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using VoiceAgent.Tests.Infrastructure;
using static VoiceAgent.Tests.Hosting.TestResources;

namespace VoiceAgent.Tests.Hosting;

/// <summary>The real AppHost as its own process (<c>dotnet VoiceAgent.AppHost.dll</c>), its resource API on a free port.</summary>
internal sealed partial class RunningAppHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _resourceApi = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private IReadOnlyList<int> _replicaPids = [];

    private RunningAppHost(string marker)
    {
        Marker = marker;
        // Through env, which execs dotnet with SIGINT at its default: a test run started as a background job inherits
        // SIGINT ignored (POSIX), and the AppHost would then never see the test's Ctrl+C.
        var startInfo = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepositoryPaths.Root,
        };
        startInfo.ArgumentList.Add("--default-signal=INT");
        startInfo.ArgumentList.Add("dotnet");
        startInfo.ArgumentList.Add(new Projects.VoiceAgent_AppHost().TargetPath);
        startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        startInfo.Environment[MarkerVariable] = marker;
        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    /// <summary>The value of <see cref="MarkerVariable"/> the AppHost and (through it) every resource was started with.</summary>
    public string Marker { get; }

    public int ProcessId => _process.Id;

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

    public static RunningAppHost Start() => new(Guid.NewGuid().ToString("N"));

    /// <summary>Polls the resource API until every replica is Running and Healthy; returns their pids.</summary>
    public async Task<IReadOnlyList<int>> WaitUntilEveryReplicaIsHealthyAsync(int replicas)
    {
        var resourceApi = await _resourceApi.Task.WaitAsync(DefaultTimeout);
        using var http = new HttpClient { BaseAddress = resourceApi };
        var entries = await Eventually.GetAsync(
            async () =>
            {
                using var json = JsonDocument.Parse(await http.GetStringAsync("api/resources"));
                return json.RootElement.EnumerateArray()
                    .Select(e => (Name: e.GetProperty("name").GetString(), State: e.GetProperty("state").GetString(), Health: e.GetProperty("health").ToString(), Pid: e.GetProperty("pid").ValueKind == JsonValueKind.Number ? e.GetProperty("pid").GetInt32() : 0))
                    .ToList();
            },
            entries => entries.Count == replicas && entries.All(e => e.State == "Running" && e.Health == "Healthy"),
            DefaultTimeout,
            "every replica to be Running and Healthy");
        _replicaPids = [.. entries.Select(e => e.Pid)];
        return _replicaPids;
    }

    public Task SignalAsync(string signal) =>
        ProcessRunner.RunAsync("kill", ["-s", signal, ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)], DefaultTimeout);

    public async Task<int> WaitForExitAsync()
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(DefaultTimeout);
        }
        catch (TimeoutException e)
        {
            // Say whether the AppHost itself is still running (or only something holding its output open) and where it stopped.
            var output = Output;
            throw new TimeoutException(
                $"The AppHost did not exit within {DefaultTimeout} (exited: {_process.HasExited}). Its last output:\n{output[Math.Max(0, output.Length - 6000)..]}", e);
        }

        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        // A failed test must not leave the AppHost or its resources running on the machine.
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(DefaultTimeout);
        }

        // The marker finds the replicas and what they started; redis-server overwrites its environment, so also by pid.
        var leftovers = ProcessTable.FindByEnvironment(MarkerVariable, Marker).Select(p => p.Pid).Concat(_replicaPids.Where(ProcessTable.IsAlive));
        foreach (var pid in leftovers.Distinct())
        {
            try
            {
                Process.GetProcessById(pid).Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
        }

        _process.Dispose();
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

        if (ResourceApiLine().Match(line) is { Success: true } match)
        {
            _resourceApi.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Resource API: (http://[^/\s]+/)")]
    private static partial Regex ResourceApiLine();
}
