using Google.Protobuf.WellKnownTypes;

namespace VoiceAgent.RocketMQ;

/// <summary>Conversions of protobuf times that a peer controls, without the exceptions of the generated helpers.</summary>
internal static class ProtobufTime
{
    // 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range DateTimeOffset can hold.
    private const long MinSeconds = -62_135_596_800;
    private const long MaxSeconds = 253_402_300_799;

    /// <summary>The instant, or null when <paramref name="timestamp"/> is absent, not normalized or out of range.</summary>
    public static DateTimeOffset? ToDateTimeOffsetOrNull(Timestamp? timestamp)
    {
        if (timestamp is null
            || timestamp.Nanos is < 0 or >= 1_000_000_000
            || timestamp.Seconds < MinSeconds
            || timestamp.Seconds > MaxSeconds)
        {
            return null;
        }

        return timestamp.ToDateTimeOffset();
    }
}
