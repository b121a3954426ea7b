using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using VoiceAgent.Mocks.Knobs;
using VoiceAgent.Mocks.Options;

namespace VoiceAgent.Mocks.Faults;

/// <summary>
/// Decides which requests fail or stall. The draws are a hash of the seed, the request's key and what is being
/// decided, so the same request id always meets the same fate; requests without an id are numbered per model in
/// arrival order, which is reproducible for a client that sends one request after another.
/// </summary>
internal sealed class FaultInjector(IOptionsMonitor<MockOptions> options)
{
    private readonly long[] _sequences = new long[Enum.GetValues<MockApi>().Length];

    public FaultPlan Plan(HttpContext context, MockApi api, FaultSettings faults)
    {
        var key = context.Request.Headers[MockHeaders.RequestId].ToString();
        if (key.Length == 0)
        {
            key = $"{api.ToString().ToLowerInvariant()}-{Interlocked.Increment(ref _sequences[(int)api])}";
        }

        context.Response.Headers[MockHeaders.RequestId] = key;
        var seed = (ulong)options.CurrentValue.Seed;
        var requestHash = StableHash.Of(key, StableHash.Combine(seed, (ulong)api));
        int? error = Draw(requestHash, 1) < faults.ErrorRate ? faults.ErrorStatusCode : null;
        var stall = faults.Stall > TimeSpan.Zero && Draw(requestHash, 2) < faults.StallProbability ? faults.Stall : TimeSpan.Zero;
        return new FaultPlan(key, error, stall);
    }

    private static double Draw(ulong requestHash, ulong purpose) =>
        StableHash.ToUnitInterval(StableHash.Combine(requestHash, purpose));
}
