using Microsoft.AspNetCore.Http;
using VoiceAgent.Mocks.Options;

namespace VoiceAgent.Mocks.Knobs;

/// <summary>The TTS knobs in force for one request.</summary>
internal sealed record TtsKnobs(TimeSpan TimeToFirstByte, double RealTimeFactor, TtsEngine Engine, FaultSettings Faults)
{
    public static TtsKnobs Resolve(TtsOptions options, IHeaderDictionary headers) => new(
        HeaderKnobs.Milliseconds(headers, MockHeaders.TimeToFirstByteMs) ?? TimeSpan.FromMilliseconds(options.TimeToFirstByteMs),
        HeaderKnobs.Number(headers, MockHeaders.RealTimeFactor, 0, 100) ?? options.RealTimeFactor,
        HeaderKnobs.Enum<TtsEngine>(headers, MockHeaders.TtsEngine) ?? options.Engine,
        FaultSettings.Resolve(options, headers));

    /// <summary>When the audio starting at <paramref name="audioTime"/> is due, counted from the request's start.</summary>
    public TimeSpan AudioDue(TimeSpan audioTime) => TimeToFirstByte + (audioTime * RealTimeFactor);
}
