namespace VoiceAgent.Redis.Connection;

/// <summary>Exponential backoff with jitter between connection attempts.</summary>
internal static class ReconnectBackoff
{
    /// <summary>The delay before attempt <paramref name="failedAttempts"/> + 1: doubling from min to max, ±20% jitter.</summary>
    public static TimeSpan Delay(int failedAttempts, TimeSpan min, TimeSpan max)
    {
        var exponent = Math.Clamp(failedAttempts - 1, 0, 30);
        var delay = Math.Min(max.TotalMilliseconds, min.TotalMilliseconds * Math.Pow(2, exponent));
        var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
        return TimeSpan.FromMilliseconds(delay * jitter);
    }
}
