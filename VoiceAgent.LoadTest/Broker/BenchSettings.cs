namespace VoiceAgent.LoadTest.Broker;

/// <summary>What every broker scenario is told on its command line.</summary>
/// <param name="Warmup">Load before the measured window (tiered JIT, thread pool growth, queues filling).</param>
/// <param name="Duration">The measured window.</param>
/// <param name="BodySize">Message body bytes.</param>
/// <param name="Senders">Concurrent sends, at most.</param>
/// <param name="Window">Closed loop: messages sent and not yet delivered, at most.</param>
/// <param name="BrokerDll">The broker to start.</param>
/// <param name="BrokerLogLevel">The broker's default log level.</param>
/// <param name="BrokerLogFile">Where the broker's output goes.</param>
/// <param name="Json">Also print each result as a JSON object.</param>
internal sealed record BenchSettings(
    TimeSpan Warmup,
    TimeSpan Duration,
    int BodySize,
    int Senders,
    int Window,
    string BrokerDll,
    string BrokerLogLevel,
    string BrokerLogFile,
    bool Json);
