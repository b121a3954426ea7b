using System.Diagnostics;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using VoiceAgent.Tests.Infrastructure;

namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>
/// A real redis-server process on a free 127.0.0.1 port, with nothing persisted. It can be killed and started
/// again on the same port to test reconnects.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string[] _extraArguments;
    private readonly RedisTls? _tls;
    private readonly string _directory;
    private readonly StringBuilder _output = new();
    private Process? _process;

    private RedisServer(int port, string[] extraArguments, RedisTls? tls)
    {
        Port = port;
        _extraArguments = extraArguments;
        _tls = tls;
        _directory = Directory.CreateTempSubdirectory("voiceagent-redis-").FullName;
    }

    public int Port { get; private set; }

    /// <summary><c>127.0.0.1:port</c>, the connection string of a server without a password.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    /// <summary>What the server printed, for failure messages.</summary>
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

    /// <summary>Starts redis-server with the given extra arguments (for instance <c>--requirepass x</c>) and waits until it answers PING.</summary>
    public static async Task<RedisServer> StartAsync(params string[] extraArguments) => await StartAsync(tls: null, extraArguments);

    /// <summary>Starts redis-server serving TLS only, with the given certificates.</summary>
    public static async Task<RedisServer> StartAsync(RedisTls? tls, params string[] extraArguments)
    {
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(FreePort.Next(), extraArguments, tls);
            try
            {
                await server.StartProcessAsync();
                return server;
            }
            catch (PortInUseException) when (attempt < 5)
            {
                await server.DisposeAsync();
            }
        }
    }

    /// <summary>Kills the process at once (SIGKILL): clients see their connection drop.</summary>
    public async Task KillAsync()
    {
        var process = _process ?? throw new InvalidOperationException("The server is not running.");
        _process = null;
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        process.Dispose();
    }

    /// <summary>Starts the server again on the same port (its data is gone: nothing is persisted).</summary>
    public async Task RestartAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await StartProcessAsync();
                return;
            }
            catch (PortInUseException) when (attempt < 20)
            {
                // The old listening socket may linger for a moment.
                await Task.Delay(250);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            await KillAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static string Executable()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(folder, "redis-server");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException(
            "redis-server is not installed (not found on PATH): run ./test.sh, which installs the Debian package redis-server.");
    }


    private async Task StartProcessAsync()
    {
        var startInfo = new ProcessStartInfo(Executable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory,
        };
        string[] common = ["--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", _directory, "--daemonize", "no"];
        string[] listen = _tls is null
            ? ["--port", Port.ToString()]
            : ["--port", "0", "--tls-port", Port.ToString(), "--tls-cert-file", _tls.CertificateFile, "--tls-key-file", _tls.KeyFile,
               "--tls-ca-cert-file", _tls.CaFile, "--tls-auth-clients", "no"];
        foreach (var argument in listen.Concat(common).Concat(_extraArguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start redis-server.");
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;

        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < StartTimeout)
        {
            if (process.HasExited)
            {
                await process.WaitForExitAsync();
                _process = null;
                var output = Output;
                process.Dispose();
                if (output.Contains("Address already in use", StringComparison.OrdinalIgnoreCase))
                {
                    throw new PortInUseException();
                }

                throw new InvalidOperationException($"redis-server exited with code {process.ExitCode} on port {Port}:\n{output}");
            }

            if (await AnswersPingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"redis-server did not answer PING on port {Port} within {StartTimeout}:\n{Output}");
    }

    // A raw probe, independent of the client under test: any reply to PING (+PONG, or -NOAUTH) means it is up.
    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync(IPAddress.Loopback, Port, cts.Token);
            Stream stream = new NetworkStream(socket, ownsSocket: false);
            if (_tls is not null)
            {
                var tls = new SslStream(stream, leaveInnerStreamOpen: false, (_, _, _, _) => true);
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, cts.Token);
                stream = tls;
            }

            await using (stream)
            {
                await stream.WriteAsync("PING\r\n"u8.ToArray(), cts.Token);
                var buffer = new byte[64];
                var read = await stream.ReadAsync(buffer, cts.Token);
                return read > 0 && (buffer[0] == (byte)'+' || buffer[0] == (byte)'-');
            }
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            return false;
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private sealed class PortInUseException : Exception;
}
