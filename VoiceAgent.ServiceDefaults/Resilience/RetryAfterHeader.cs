namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>Reads how long a server asks the client to wait, from <c>Retry-After</c> as seconds or an HTTP date.</summary>
internal static class RetryAfterHeader
{
    public static bool TryGetDelay(HttpResponseMessage response, TimeProvider timeProvider, out TimeSpan delay)
    {
        delay = TimeSpan.Zero;
        var retryAfter = response.Headers.RetryAfter;
        if (retryAfter?.Delta is { } delta)
        {
            delay = delta > TimeSpan.Zero ? delta : TimeSpan.Zero;
            return true;
        }

        if (retryAfter?.Date is { } date)
        {
            var untilDate = date - timeProvider.GetUtcNow();
            delay = untilDate > TimeSpan.Zero ? untilDate : TimeSpan.Zero;
            return true;
        }

        return false;
    }
}
