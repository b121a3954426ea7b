using Microsoft.AspNetCore.Http;
using VoiceAgent.Mocks.Options;

namespace VoiceAgent.Mocks.Knobs;

/// <summary>The fault knobs in force for one request: configuration, overridden by headers.</summary>
internal sealed record FaultSettings(double ErrorRate, int ErrorStatusCode, TimeSpan Stall, double StallProbability)
{
    public static FaultSettings Resolve(FaultOptions options, IHeaderDictionary headers)
    {
        var stall = HeaderKnobs.Milliseconds(headers, MockHeaders.StallMs);
        var stallProbability = HeaderKnobs.Number(headers, MockHeaders.StallProbability, 0, 1)
            ?? (stall is null ? options.StallProbability : 1);
        return new(
            HeaderKnobs.Number(headers, MockHeaders.ErrorRate, 0, 1) ?? options.ErrorRate,
            HeaderKnobs.Integer(headers, MockHeaders.ErrorStatus, 400, 599) ?? options.ErrorStatusCode,
            stall ?? TimeSpan.FromMilliseconds(options.StallMs),
            stallProbability);
    }
}
