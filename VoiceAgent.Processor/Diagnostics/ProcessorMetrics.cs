using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VoiceAgent.Processor.Diagnostics;

/// <summary>
/// Meter <c>VoiceAgent.Processor</c>: uplink messages and their handling time, turns by outcome, the latency
/// breakdown of a turn (ASR, LLM time to first token, TTS time to first byte, commit to first audio), barge-ins,
/// provider failures and turn takeovers.
/// </summary>
internal sealed class ProcessorMetrics
{
    public const string MeterName = ProcessorTelemetry.Name;

    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.5, 0.75, 1, 1.5, 2, 3, 5, 10];

    private readonly Counter<long> _uplinkMessages;
    private readonly Histogram<double> _uplinkDuration;
    private readonly Counter<long> _responses;
    private readonly Histogram<double> _asrDuration;
    private readonly Histogram<double> _llmTimeToFirstToken;
    private readonly Histogram<double> _ttsTimeToFirstByte;
    private readonly Histogram<double> _commitToFirstAudio;
    private readonly Counter<long> _bargeIns;
    private readonly Counter<long> _providerFailures;
    private readonly Counter<long> _takeovers;

    public ProcessorMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        var buckets = new InstrumentAdvice<double> { HistogramBucketBoundaries = LatencyBuckets };
        _uplinkMessages = meter.CreateCounter<long>("voiceagent.processor.uplink.messages", "{message}", "Uplink messages handled, by tag and outcome.");
        _uplinkDuration = meter.CreateHistogram("voiceagent.processor.uplink.duration", "s", "Time to handle one uplink message (load, apply, publish, save).", advice: buckets);
        _responses = meter.CreateCounter<long>("voiceagent.processor.responses", "{response}", "Responses ended, by status.");
        _asrDuration = meter.CreateHistogram("voiceagent.processor.asr.duration", "s", "Transcription time of a committed utterance.", advice: buckets);
        _llmTimeToFirstToken = meter.CreateHistogram("voiceagent.processor.llm.time_to_first_token", "s", "From the LLM request to its first token.", advice: buckets);
        _ttsTimeToFirstByte = meter.CreateHistogram("voiceagent.processor.tts.time_to_first_byte", "s", "From a TTS request to its first audio byte.", advice: buckets);
        _commitToFirstAudio = meter.CreateHistogram("voiceagent.processor.turn.commit_to_first_audio", "s", "From the commit of an utterance to the first audio of its answer.", advice: buckets);
        _bargeIns = meter.CreateCounter<long>("voiceagent.processor.barge_ins", "{response}", "Responses cancelled by speech or response.cancel.");
        _providerFailures = meter.CreateCounter<long>("voiceagent.processor.provider.failures", "{failure}", "Failed provider calls, by provider and error code.");
        _takeovers = meter.CreateCounter<long>("voiceagent.processor.turn.takeovers", "{turn}", "Turns taken over from a processor that stopped renewing its lease.");
    }

    public void UplinkMessage(string tag, string outcome, TimeSpan duration)
    {
        var tags = new TagList { { "voiceagent.uplink.tag", tag }, { "voiceagent.uplink.outcome", outcome } };
        _uplinkMessages.Add(1, tags);
        _uplinkDuration.Record(duration.TotalSeconds, tags);
    }

    public void ResponseEnded(string status) => _responses.Add(1, new KeyValuePair<string, object?>("voiceagent.response.status", status));

    public void Asr(TimeSpan duration) => _asrDuration.Record(duration.TotalSeconds);

    public void LlmFirstToken(TimeSpan duration) => _llmTimeToFirstToken.Record(duration.TotalSeconds);

    public void TtsFirstByte(TimeSpan duration) => _ttsTimeToFirstByte.Record(duration.TotalSeconds);

    public void CommitToFirstAudio(TimeSpan duration) => _commitToFirstAudio.Record(duration.TotalSeconds);

    public void BargeIn(string reason) => _bargeIns.Add(1, new KeyValuePair<string, object?>("voiceagent.cancel.reason", reason));

    public void ProviderFailure(string provider, string code) =>
        _providerFailures.Add(1, new TagList { { "voiceagent.provider", provider }, { "error.type", code } });

    public void Takeover() => _takeovers.Add(1);
}
