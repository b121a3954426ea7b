using Microsoft.AspNetCore.Http;
using VoiceAgent.Mocks.Options;

namespace VoiceAgent.Mocks.Knobs;

/// <summary>The ASR knobs in force for one request.</summary>
internal sealed record AsrKnobs(TimeSpan Latency, FaultSettings Faults)
{
    public static AsrKnobs Resolve(AsrOptions options, IHeaderDictionary headers) => new(
        HeaderKnobs.Milliseconds(headers, MockHeaders.LatencyMs) ?? TimeSpan.FromMilliseconds(options.LatencyMs),
        FaultSettings.Resolve(options, headers));
}
