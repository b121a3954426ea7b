using System.Diagnostics;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// Trace context headers (traceparent, tracestate, baggage...) that the HTTP stack adds to a request on each send
/// but never replaces. Those added by a failed attempt are removed before the next one, so that every attempt
/// carries its own span as parent; headers the caller set itself are left alone.
/// </summary>
internal readonly struct PropagationHeaders
{
    // Bit i set: the propagator's i-th field was present before the first attempt.
    private readonly ulong _presentBeforeSend;

    private PropagationHeaders(ulong presentBeforeSend) => _presentBeforeSend = presentBeforeSend;

    public static PropagationHeaders Capture(HttpRequestMessage request)
    {
        var present = 0UL;
        var index = 0;
        foreach (var field in DistributedContextPropagator.Current.Fields ?? [])
        {
            if (index < 64 && request.Headers.Contains(field))
            {
                present |= 1UL << index;
            }

            index++;
        }

        return new PropagationHeaders(present);
    }

    public void RemoveAddedBySend(HttpRequestMessage request)
    {
        var index = 0;
        foreach (var field in DistributedContextPropagator.Current.Fields ?? [])
        {
            if (index < 64 && (_presentBeforeSend & (1UL << index)) == 0)
            {
                request.Headers.Remove(field);
            }

            index++;
        }
    }
}
