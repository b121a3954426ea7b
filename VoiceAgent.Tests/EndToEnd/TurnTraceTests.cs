using System.Text;
using VoiceAgent.Tests.ServiceDefaults;
using Xunit.Abstractions;

namespace VoiceAgent.Tests.EndToEnd;

/// <summary>
/// One turn is one trace across the real processes: the gateway's client event, the RocketMQ send, the broker's
/// store, the processor's consume, turn spans and model calls, the mocks' server spans, the downlink back through the
/// broker and the gateway's deliveries, all joined by the trace context carried in the messages and HTTP headers,
/// as exported over OTLP by every service to the receiver the AppHost points them at.
/// </summary>
[Collection(VoiceStackCollection.Name)]
public sealed class TurnTraceTests(VoiceStackFixture stack, ITestOutputHelper output)
{
    private const string Uplink = "voice-uplink";
    private const string Downlink = "voice-downlink";
    private const string CommitSpan = "realtime.client_event input_audio_buffer.commit";
    private static readonly TimeSpan ExportTimeout = TimeSpan.FromSeconds(60);
    private static readonly string[] ModelPaths = ["/v1/audio/transcriptions", "/v1/chat/completions", "/v1/audio/speech"];

    private static readonly string[] TurnSpans = ["voice transcription", "voice response"];

    /// <summary>The services as the AppHost names its resources (OTEL_SERVICE_NAME).</summary>
    private static readonly string[] Services = ["gateway", "rocketmq", "processor", "mocks"];

    [Fact]
    public async Task ACommittedTurnIsOneTraceFromTheGatewayThroughBrokerProcessorAndModelsBackToTheGateway()
    {
        stack.Telemetry.Recording = true;
        try
        {
            await using var client = await stack.ConnectAsync("gateway-0");

            // Server VAD that never ends the utterance itself: the commit ends it, and queues the response.
            await client.UpdateSessionAsync(new Dictionary<string, object?>
            {
                ["type"] = "realtime",
                ["audio"] = new Dictionary<string, object?>
                {
                    ["input"] = new Dictionary<string, object?>
                    {
                        ["turn_detection"] = new Dictionary<string, object?> { ["type"] = "server_vad", ["silence_duration_ms"] = 60_000, ["create_response"] = true },
                    },
                },
            });
            await client.SpeakAsync(SpeechAudio.Utterance(variant: 29));
            await client.SendJsonAsync("""{"type":"input_audio_buffer.commit"}""");
            await client.ReceiveUntilResponseDoneAsync(status: "completed");

            var frames = client.Frames;
            var turnEvents = frames.Skip(frames.IndexOf("input_audio_buffer.committed"))
                .Where(f => !f.IsBinary && f.Type is { } type && type != "response.output_audio.delta")
                .GroupBy(f => f.Type!)
                .ToDictionary(g => g.Key, g => g.Count());

            var root = await Eventually.ReturnsAsync(
                () => Task.FromResult(Spans().FirstOrDefault(s => s.Name == CommitSpan && s.Attribute("voiceagent.session.id") == client.SessionId)),
                "the gateway's commit span",
                ExportTimeout);
            var trace = await WaitForCompleteTraceAsync(root.TraceId, turnEvents);
            output.WriteLine(Describe(trace));

            AssertTurnTrace(trace, root, turnEvents);
        }
        finally
        {
            stack.Telemetry.Recording = false;
        }
    }

    /// <summary>What a complete trace of the turn holds; each check names what is missing, or is null when it holds.</summary>
    private static IEnumerable<string?> Missing(IReadOnlyList<ExportedSpan> trace, IReadOnlyDictionary<string, int> turnEvents)
    {
        yield return trace.Any(s => s.Name == CommitSpan) ? null : "the gateway's commit span";
        yield return trace.Any(s => s.Service == "rocketmq" && s.Name == $"store {Uplink}") ? null : "the broker's store span of the commit";
        foreach (var turn in TurnSpans)
        {
            yield return trace.Any(s => s.Service == "processor" && s.Name == turn) ? null : $"the processor's '{turn}' span";
        }

        foreach (var path in ModelPaths)
        {
            yield return trace.Any(s => s.Service == "mocks" && s.Attribute("url.path") == path) ? null : $"the mocks' server span of {path}";
        }

        foreach (var (type, count) in turnEvents)
        {
            var delivered = trace.Count(s => s.Name == $"realtime.deliver {type}");
            yield return delivered >= count ? null : $"{count} realtime.deliver {type} span(s), {delivered} so far";
        }

        // Each process exports on its own schedule: the broker's store spans can trail the processor's send spans.
        var storedParents = trace.Where(s => s.Service == "rocketmq" && s.Name == $"store {Downlink}").Select(s => s.ParentSpanId).ToHashSet();
        foreach (var unstored in trace.Where(s => s.Service == "processor" && s.Name == $"send {Downlink}" && !storedParents.Contains(s.SpanId)))
        {
            yield return $"the broker's store span of {unstored}";
        }

        var ids = trace.Select(s => s.SpanId).ToHashSet();
        foreach (var orphan in trace.Where(s => s.ParentSpanId.Length > 0 && !ids.Contains(s.ParentSpanId)))
        {
            yield return $"the parent {orphan.ParentSpanId} of {orphan}";
        }
    }

    private static void AssertTurnTrace(IReadOnlyList<ExportedSpan> trace, ExportedSpan root, IReadOnlyDictionary<string, int> turnEvents)
    {
        Assert.Equal("gateway", root.Service);
        Assert.Equal(root.SpanId, Assert.Single(trace, s => s.ParentSpanId.Length == 0).SpanId);
        Assert.All(trace, s => Assert.Contains(s.Service, Services));

        // Gateway -> broker -> processor, through the uplink message's trace context.
        var send = Assert.Single(trace, s => s.Service == "gateway" && s.Name == $"send {Uplink}");
        Assert.Equal(root.SpanId, send.ParentSpanId);
        var stores = trace.Where(s => s.Service == "rocketmq" && s.Name == $"store {Uplink}").ToArray();
        Assert.NotEmpty(stores);
        Assert.All(stores, store =>
        {
            Assert.Equal(send.SpanId, store.ParentSpanId);
            Assert.Equal("rocketmq", store.Attribute("messaging.system"));
            Assert.Equal(Uplink, store.Attribute("messaging.destination.name"));
            Assert.Equal(send.Attribute("messaging.message.id"), store.Attribute("messaging.message.id"));
            Assert.Equal(send.Attribute("messaging.rocketmq.message.group"), store.Attribute("messaging.rocketmq.message.group"));
            Assert.Equal("fifo", store.Attribute("messaging.rocketmq.message.type"));
        });
        var processes = trace.Where(s => s.Service == "processor" && s.Name == $"process {Uplink}").ToArray();
        Assert.NotEmpty(processes);
        Assert.All(processes, process => Assert.Equal(send.SpanId, process.ParentSpanId));

        // The turn's jobs, their model calls and the mocks serving them.
        var turns = trace.Where(s => s.Service == "processor" && TurnSpans.Contains(s.Name)).ToArray();
        Assert.All(turns, t => Assert.Contains(Ancestors(trace, t), a => processes.Any(p => p.SpanId == a.SpanId)));
        foreach (var path in ModelPaths)
        {
            var served = trace.Where(s => s.Service == "mocks" && s.Attribute("url.path") == path).ToArray();
            Assert.NotEmpty(served);
            Assert.All(served, server =>
            {
                var call = Assert.Single(trace, s => s.SpanId == server.ParentSpanId);
                Assert.Equal(("processor", "System.Net.Http"), (call.Service, call.Scope));
                Assert.Contains(Ancestors(trace, call), a => turns.Any(t => t.SpanId == a.SpanId));
            });
        }

        // Processor -> broker -> gateway on the session's lite topic, each delivery under its message's process span.
        var downlinkSends = trace.Where(s => s.Service == "processor" && s.Name == $"send {Downlink}").ToArray();
        Assert.NotEmpty(downlinkSends);
        Assert.All(downlinkSends, s => Assert.Equal(root.Attribute("voiceagent.session.id"), s.Attribute("messaging.rocketmq.message.lite_topic")));
        var downlinkStores = trace.Where(s => s.Service == "rocketmq" && s.Name == $"store {Downlink}").ToArray();
        Assert.All(downlinkStores, s => Assert.Contains(downlinkSends, send => send.SpanId == s.ParentSpanId));
        Assert.Equal(downlinkSends.Length, downlinkStores.Select(s => s.ParentSpanId).Distinct().Count());
        var deliveries = trace.Where(s => s.Name.StartsWith("realtime.deliver ", StringComparison.Ordinal)).ToArray();
        Assert.All(deliveries, d =>
        {
            Assert.Equal("gateway", d.Service);
            var consume = Assert.Single(trace, s => s.SpanId == d.ParentSpanId);
            Assert.Equal($"process {Downlink}", consume.Name);
            Assert.Contains(downlinkSends, send => send.SpanId == consume.ParentSpanId);
        });
        foreach (var (type, count) in turnEvents)
        {
            Assert.True(deliveries.Count(d => d.Name == $"realtime.deliver {type}") == count, $"{count} deliveries of {type} expected: {Describe(trace)}");
        }

        Assert.Empty(Missing(trace, turnEvents).OfType<string>());
    }

    private static IEnumerable<ExportedSpan> Ancestors(IReadOnlyList<ExportedSpan> trace, ExportedSpan span)
    {
        var byId = trace.ToDictionary(s => s.SpanId);
        while (byId.TryGetValue(span.ParentSpanId, out var parent))
        {
            yield return parent;
            span = parent;
        }
    }

    /// <summary>Polls the exported spans until the trace holds every span of the turn (export is batched, per process).</summary>
    private async Task<IReadOnlyList<ExportedSpan>> WaitForCompleteTraceAsync(string traceId, IReadOnlyDictionary<string, int> turnEvents)
    {
        var deadline = DateTime.UtcNow + ExportTimeout;
        while (true)
        {
            var trace = Spans().Where(s => s.TraceId == traceId).ToArray();
            var missing = Missing(trace, turnEvents).OfType<string>().ToArray();
            if (missing.Length == 0)
            {
                return trace;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"The turn's trace is incomplete after {ExportTimeout.TotalSeconds} s. Missing: {string.Join("; ", missing)}. Trace: {Describe(trace)}");
            }

            await Task.Delay(200);
        }
    }

    private IReadOnlyList<ExportedSpan> Spans() =>
        [.. stack.Telemetry.Traces.SelectMany(resource => resource.Items.Select(item => new ExportedSpan(resource.Attributes.GetValueOrDefault("service.name", ""), item)))];

    private static string Describe(IEnumerable<ExportedSpan> trace)
    {
        var text = new StringBuilder();
        foreach (var span in trace)
        {
            text.AppendLine().Append(span);
        }

        return text.ToString();
    }

    /// <summary>A span with the <c>service.name</c> of the resource that exported it.</summary>
    private sealed record ExportedSpan(string Service, OtlpItem Item)
    {
        public string TraceId => Item.TraceId;

        public string SpanId => Item.SpanId;

        public string ParentSpanId => Item.ParentSpanId;

        public string Name => Item.Name;

        public string Scope => Item.Scope;

        public string? Attribute(string key) => Item.Attributes.GetValueOrDefault(key);

        public override string ToString() => $"{Service}/{Scope} '{Name}' {SpanId} <- {(ParentSpanId.Length > 0 ? ParentSpanId : "root")}";
    }
}
