using System.CommandLine;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>
/// <c>VoiceAgent.LoadTest broker fifo|lite|latency|memory|lite-churn</c>: broker figures with our client over
/// real gRPC to a real broker process.
/// </summary>
internal static class BrokerCommand
{
    public static Command Create() => new("broker", "Broker throughput, latency, memory and lite topic churn, against a broker child process.")
    {
        Fifo(),
        Lite(),
        Latency(),
        Memory(),
        LiteChurn(),
    };

    private static Command Fifo()
    {
        var common = new CommonOptions();
        var rate = RateOption();
        var groups = new Option<int>("--groups") { Description = "Message groups (sessions).", DefaultValueFactory = _ => 1000 };
        var consumers = ConsumersOption(1);
        var concurrency = ConcurrencyOption();
        var command = new Command("fifo", "FIFO topic, messages round-robin over message groups: send -> receive -> ack rate and latency.") { rate, groups, consumers, concurrency };
        common.AddTo(command);
        command.SetAction((result, token) =>
            new ThroughputScenario(common.Bind(result), Shape("fifo", result.GetValue(groups), 0, result.GetValue(consumers), result.GetValue(concurrency)), "broker-fifo").RunAsync(result.GetValue(rate), token));
        return command;
    }

    private static Command Lite()
    {
        var common = new CommonOptions();
        var rate = RateOption();
        var liteTopics = LiteTopicsOption();
        var consumers = ConsumersOption(4);
        var concurrency = ConcurrencyOption();
        var command = new Command("lite", "LITE topic, lite topics split over lite push consumers, messages round-robin: send -> receive -> ack rate and latency.") { rate, liteTopics, consumers, concurrency };
        common.AddTo(command);
        command.SetAction((result, token) =>
            new ThroughputScenario(common.Bind(result), Shape("lite", 0, result.GetValue(liteTopics), result.GetValue(consumers), result.GetValue(concurrency)), "broker-lite").RunAsync(result.GetValue(rate), token));
        return command;
    }

    private static Command Latency()
    {
        var common = new CommonOptions();
        var kind = new Option<string>("--kind") { Description = "fifo or lite.", DefaultValueFactory = _ => "fifo" };
        kind.AcceptOnlyFromAmong("fifo", "lite");
        var fraction = new Option<double>("--fraction") { Description = "The open-loop rate as a fraction of the closed-loop rate.", DefaultValueFactory = _ => 0.5 };
        var groups = new Option<int>("--groups") { Description = "fifo: message groups.", DefaultValueFactory = _ => 1000 };
        var liteTopics = LiteTopicsOption();
        var consumers = new Option<int?>("--consumers") { Description = "Consumers (default: 1 for fifo, 4 for lite)." };
        var concurrency = ConcurrencyOption();
        var command = new Command("latency", "Finds the sustained rate closed-loop, then measures latency open-loop at a fraction of it (two result lines).")
        {
            kind, fraction, groups, liteTopics, consumers, concurrency,
        };
        common.AddTo(command);
        command.SetAction((result, token) =>
        {
            var type = result.GetValue(kind)!;
            var shape = Shape(type, result.GetValue(groups), result.GetValue(liteTopics), result.GetValue(consumers) ?? (type == "fifo" ? 1 : 4), result.GetValue(concurrency));
            return new ThroughputScenario(common.Bind(result), shape, $"broker-{type}-latency").RunLatencyAsync(result.GetValue(fraction), token);
        });
        return command;
    }

    private static Command Memory()
    {
        var common = new CommonOptions();
        var liteTopics = new Option<int>("--lite-topics") { Description = "Idle lite topics (and then subscriptions) to create.", DefaultValueFactory = _ => 10_000 };
        var command = new Command("memory", "Broker memory per idle lite topic and per lite subscription (live GC heap after forced collections; RSS too).") { liteTopics };
        common.AddTo(command);
        command.SetAction((result, token) => new MemoryScenario(common.Bind(result), Math.Max(1, result.GetValue(liteTopics))).RunAsync(token));
        return command;
    }

    private static Command LiteChurn()
    {
        var common = new CommonOptions();
        var expiration = new Option<double>("--expiration") { Description = "Seconds a lite topic lives without writes.", DefaultValueFactory = _ => 2 };
        var command = new Command("lite-churn", "Lite topics created (one message each, new names) at the highest rate and expired after a short idle time.") { expiration };
        common.AddTo(command);
        command.SetAction((result, token) =>
            new LiteChurnScenario(common.Bind(result), TimeSpan.FromSeconds(Math.Max(0.1, result.GetValue(expiration)))).RunAsync(token));
        return command;
    }

    private static TrafficShape Shape(string kind, int groups, int liteTopics, int consumers, int concurrency) =>
        kind == "fifo"
            ? new FifoTraffic(Math.Max(1, groups), Math.Max(1, consumers), Math.Max(1, concurrency))
            : new LiteTraffic(Math.Max(1, liteTopics), Math.Max(1, consumers), Math.Max(1, concurrency));

    private static Option<double?> RateOption() =>
        new("--rate") { Description = "Open loop: messages per second. Without it: closed loop (bounded in flight), reporting the achieved rate." };

    private static Option<int> LiteTopicsOption() =>
        new("--lite-topics") { Description = "Lite topics (sessions).", DefaultValueFactory = _ => 10_000 };

    private static Option<int> ConsumersOption(int defaultCount) =>
        new("--consumers") { Description = "Push consumers in the group.", DefaultValueFactory = _ => defaultCount };

    private static Option<int> ConcurrencyOption() =>
        new("--consume-concurrency") { Description = "Handler calls at a time per consumer.", DefaultValueFactory = _ => 20 };
}
