namespace VoiceAgent.Redis;

/// <summary>Checks the time spans given as expirations: Redis counts in whole milliseconds or seconds.</summary>
internal static class TimeToLive
{
    public static long Milliseconds(TimeSpan ttl, string parameterName)
    {
        if (ttl < TimeSpan.FromMilliseconds(1) || ttl.Ticks % TimeSpan.TicksPerMillisecond != 0)
        {
            throw new ArgumentOutOfRangeException(parameterName, ttl, "A Redis expiration is a positive whole number of milliseconds.");
        }

        return ttl.Ticks / TimeSpan.TicksPerMillisecond;
    }

    public static long Seconds(TimeSpan ttl, string parameterName)
    {
        if (ttl < TimeSpan.FromSeconds(1) || ttl.Ticks % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentOutOfRangeException(
                parameterName, ttl, "EXPIRE takes a positive whole number of seconds; use PExpireAsync for millisecond precision.");
        }

        return ttl.Ticks / TimeSpan.TicksPerSecond;
    }
}
