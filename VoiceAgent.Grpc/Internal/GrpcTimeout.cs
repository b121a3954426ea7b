using System.Globalization;

namespace VoiceAgent.Grpc.Internal;

/// <summary>The <c>grpc-timeout</c> header: at most eight ASCII digits and a unit (H, M, S, m, u, n).</summary>
internal static class GrpcTimeout
{
    private const long MaxValue = 99_999_999;

    /// <summary>Formats the smallest unit that keeps the value within eight digits, rounding up so that the server never sees more time than the client allows.</summary>
    public static string Format(TimeSpan timeout)
    {
        var ticks = Math.Max(0L, timeout.Ticks);

        // One tick is 100 ns.
        var nanos = ticks > long.MaxValue / 100 ? long.MaxValue : ticks * 100;
        if (nanos <= MaxValue)
        {
            return FormatValue(nanos, 'n');
        }

        var micros = CeilDiv(ticks, TimeSpan.TicksPerMicrosecond);
        if (micros <= MaxValue)
        {
            return FormatValue(micros, 'u');
        }

        var millis = CeilDiv(ticks, TimeSpan.TicksPerMillisecond);
        if (millis <= MaxValue)
        {
            return FormatValue(millis, 'm');
        }

        var seconds = CeilDiv(ticks, TimeSpan.TicksPerSecond);
        if (seconds <= MaxValue)
        {
            return FormatValue(seconds, 'S');
        }

        var minutes = CeilDiv(ticks, TimeSpan.TicksPerMinute);
        if (minutes <= MaxValue)
        {
            return FormatValue(minutes, 'M');
        }

        return FormatValue(Math.Min(CeilDiv(ticks, TimeSpan.TicksPerHour), MaxValue), 'H');
    }

    public static bool TryParse(ReadOnlySpan<char> value, out TimeSpan timeout)
    {
        timeout = default;
        if (value.Length is < 2 or > 9)
        {
            return false;
        }

        var digits = value[..^1];
        foreach (var c in digits)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        var amount = long.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture);
        var ticksPerUnit = value[^1] switch
        {
            'H' => TimeSpan.TicksPerHour,
            'M' => TimeSpan.TicksPerMinute,
            'S' => TimeSpan.TicksPerSecond,
            'm' => TimeSpan.TicksPerMillisecond,
            'u' => TimeSpan.TicksPerMicrosecond,
            'n' => -100L,
            _ => 0L,
        };

        if (ticksPerUnit == 0)
        {
            return false;
        }

        timeout = ticksPerUnit < 0 ? TimeSpan.FromTicks(CeilDiv(amount, -ticksPerUnit)) : TimeSpan.FromTicks(amount * ticksPerUnit);
        return true;
    }

    private static long CeilDiv(long value, long divisor) => (value + divisor - 1) / divisor;

    private static string FormatValue(long value, char unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{value}{unit}");
}
