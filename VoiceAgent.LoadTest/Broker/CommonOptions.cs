using System.CommandLine;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>The options every broker scenario takes; one instance per command.</summary>
internal sealed class CommonOptions
{
    private readonly Option<double> _warmup = new("--warmup") { Description = "Seconds of load before the measured window.", DefaultValueFactory = _ => 5 };
    private readonly Option<double> _duration = new("--duration") { Description = "Seconds of the measured window.", DefaultValueFactory = _ => 10 };
    private readonly Option<int> _body = new("--body") { Description = "Message body bytes.", DefaultValueFactory = _ => 640 };
    private readonly Option<int> _senders = new("--senders") { Description = "Concurrent sends at most.", DefaultValueFactory = _ => 64 };
    private readonly Option<int> _window = new("--window") { Description = "Closed loop: messages sent and not yet delivered at most.", DefaultValueFactory = _ => 2000 };
    private readonly Option<string?> _brokerDll = new("--broker-dll") { Description = "The broker to start. Default: artifacts/bin/VoiceAgent.Broker/release/VoiceAgent.Broker.dll." };
    private readonly Option<string> _brokerLogLevel = new("--broker-log-level") { Description = "The broker's default log level.", DefaultValueFactory = _ => "Warning" };
    private readonly Option<string?> _brokerLog = new("--broker-log") { Description = "File for the broker's output. Default: a file in the temp folder." };
    private readonly Option<bool> _json = new("--json") { Description = "Also print each result as a JSON object on a line starting 'json: '." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _warmup, _duration, _body, _senders, _window, _brokerDll, _brokerLogLevel, _brokerLog, _json })
        {
            command.Options.Add(option);
        }
    }

    public BenchSettings Bind(ParseResult result)
    {
        var body = result.GetValue(_body);
        if (body < BenchBody.HeaderSize)
        {
            throw new ArgumentException($"--body must be at least {BenchBody.HeaderSize} bytes (sequence number and send time).");
        }

        var logFile = result.GetValue(_brokerLog) ?? Path.Combine(Path.GetTempPath(), $"voiceagent-loadtest-broker-{Environment.ProcessId}.log");
        return new BenchSettings(
            TimeSpan.FromSeconds(result.GetValue(_warmup)),
            TimeSpan.FromSeconds(result.GetValue(_duration)),
            body,
            Math.Max(1, result.GetValue(_senders)),
            Math.Max(1, result.GetValue(_window)),
            result.GetValue(_brokerDll) ?? DefaultBrokerDll(),
            result.GetValue(_brokerLogLevel)!,
            logFile,
            result.GetValue(_json));
    }

    private static string DefaultBrokerDll()
    {
        var relative = Path.Combine("artifacts", "bin", "VoiceAgent.Broker", "release", "VoiceAgent.Broker.dll");
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VoiceAgent.sln")))
            {
                return Path.Combine(dir.FullName, relative);
            }
        }

        return Path.GetFullPath(relative);
    }
}
