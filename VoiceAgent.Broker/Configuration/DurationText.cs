using System.Globalization;

namespace VoiceAgent.Broker.Configuration;

/// <summary>Durations written as a number and a unit: <c>250ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>.</summary>
internal static class DurationText
{
    public static bool TryParse(string? text, TimeSpan bareUnit, out TimeSpan duration)
    {
        duration = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        text = text.Trim().ToLowerInvariant();
        var (number, unit) = text switch
        {
            _ when text.EndsWith("ms", StringComparison.Ordinal) => (text[..^2], TimeSpan.FromMilliseconds(1)),
            _ when text.EndsWith('s') => (text[..^1], TimeSpan.FromSeconds(1)),
            _ when text.EndsWith('m') => (text[..^1], TimeSpan.FromMinutes(1)),
            _ when text.EndsWith('h') => (text[..^1], TimeSpan.FromHours(1)),
            _ when text.EndsWith('d') => (text[..^1], TimeSpan.FromDays(1)),
            _ => (text, bareUnit),
        };

        if (!double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || double.IsNaN(value) || Math.Abs(value) > 1e6)
        {
            return false;
        }

        duration = unit * value;
        return true;
    }
}
