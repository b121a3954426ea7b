using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using VoiceAgent.LoadTest.Measurement;
using VoiceAgent.LoadTest.Probes;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// The broker as a child process (<c>dotnet VoiceAgent.Broker.dll</c>) on free loopback ports, so that its CPU
/// and memory are its own. The load test's assembly is loaded into it as a startup hook to answer GC probes.
/// </summary>
internal sealed class BrokerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly HttpClient _http;

    private BrokerProcess(Process process, StreamWriter log, int grpcPort, int adminPort, string probeSocket)
    {
        _process = process;
        _log = log;
        GrpcPort = grpcPort;
        _http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}/"), Timeout = TimeSpan.FromSeconds(30) };
        Admin = new BrokerAdmin(_http);
        Probe = new GcProbeClient(probeSocket);
    }

    public int Pid => _process.Id;

    public int GrpcPort { get; }

    /// <summary>The endpoint clients connect to: <c>127.0.0.1:port</c>.</summary>
    public string Endpoint => $"127.0.0.1:{GrpcPort}";

    public BrokerAdmin Admin { get; }

    public GcProbeClient Probe { get; }

    public double CpuSeconds => ProcessStats.CpuSeconds(Pid);

    public long ResidentBytes => ProcessStats.ResidentBytes(Pid);

    public static async Task<BrokerProcess> StartAsync(BrokerLaunch launch, CancellationToken cancellationToken)
    {
        if (!File.Exists(launch.BrokerDll))
        {
            throw new FileNotFoundException(
                $"{launch.BrokerDll} does not exist: build it first (dotnet build VoiceAgent.Broker -c Release) or pass --broker-dll.");
        }

        var grpcPort = FreePort();
        var adminPort = FreePort(except: grpcPort);
        var probeSocket = Path.Combine(Path.GetTempPath(), $"voiceagent-gc-probe-{Environment.ProcessId}-{grpcPort}.sock");
        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(launch.BrokerDll);
        start.ArgumentList.Add("--grpc-port");
        start.ArgumentList.Add(grpcPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add("--admin-port");
        start.ArgumentList.Add(adminPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
        foreach (var topic in launch.Topics)
        {
            start.ArgumentList.Add("--topic");
            start.ArgumentList.Add(topic);
        }

        foreach (var group in launch.Groups)
        {
            start.ArgumentList.Add("--group");
            start.ArgumentList.Add(group);
        }

        start.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        start.Environment[GcProbeServer.SocketVariable] = probeSocket;
        start.Environment["Logging__LogLevel__Default"] = launch.LogLevel;
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
        foreach (var (key, value) in launch.Settings)
        {
            start.Environment[$"Broker__{key}"] = value;
        }

        var log = new StreamWriter(launch.LogFile, append: false) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the broker.");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var broker = new BrokerProcess(process, log, grpcPort, adminPort, probeSocket);
        try
        {
            await broker.WaitUntilReadyAsync(launch.LogFile, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await broker.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return broker;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        }

        _process.Dispose();
        _http.Dispose();
        lock (_log)
        {
            _log.Dispose();
        }

        File.Delete(Probe.SocketPath);
    }

    private async Task WaitUntilReadyAsync(string logFile, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The broker exited with code {_process.ExitCode} while starting; see {logFile}.");
            }

            if (await Admin.IsHealthyAsync(cancellationToken).ConfigureAwait(false) && await Probe.IsReadyAsync(cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            await Task.Delay(100, cancellationToken).ConfigureAwait(false);
        }

        throw new TimeoutException($"The broker was not ready within {StartTimeout}; see {logFile}.");
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            if (log.BaseStream.CanWrite)
            {
                log.WriteLine(line);
            }
        }
    }

    /// <summary>A port the broker can bind (the broker cannot tell which of its two port-0 endpoints is which).</summary>
    private static int FreePort(int except = 0)
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (port != except)
            {
                return port;
            }
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";
}
