using Google.Protobuf.WellKnownTypes;

namespace VoiceAgent.Broker;

/// <summary>
/// Conversions of protobuf times a client sent, which answer false instead of throwing on values that are not
/// normalized or out of range (the generated <c>ToTimeSpan</c> and <c>ToDateTimeOffset</c> throw).
/// </summary>
internal static class ProtobufTime
{
    // The range of google.protobuf.Duration, and 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z for Timestamp.
    private const long MaxDurationSeconds = 315_576_000_000;
    private const long MinTimestampSeconds = -62_135_596_800;
    private const long MaxTimestampSeconds = 253_402_300_799;
    private const int NanosPerSecond = 1_000_000_000;

    public static bool TryToTimeSpan(Duration duration, out TimeSpan value)
    {
        value = default;
        var seconds = duration.Seconds;
        var nanos = duration.Nanos;
        if (seconds is < -MaxDurationSeconds or > MaxDurationSeconds
            || nanos is <= -NanosPerSecond or >= NanosPerSecond
            || (seconds < 0 && nanos > 0)
            || (seconds > 0 && nanos < 0))
        {
            return false;
        }

        value = duration.ToTimeSpan();
        return true;
    }

    public static bool TryToDateTimeOffset(Timestamp timestamp, out DateTimeOffset value)
    {
        value = default;
        if (timestamp.Seconds is < MinTimestampSeconds or > MaxTimestampSeconds || timestamp.Nanos is < 0 or >= NanosPerSecond)
        {
            return false;
        }

        value = timestamp.ToDateTimeOffset();
        return true;
    }
}
