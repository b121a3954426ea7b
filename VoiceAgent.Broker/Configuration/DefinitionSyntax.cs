using System.Globalization;

namespace VoiceAgent.Broker.Configuration;

/// <summary>The shared syntax of topic and group declarations: <c>name:setting:key=value,key=value</c>.</summary>
internal static class DefinitionSyntax
{
    public static (string Name, List<(string Key, string? Value)> Settings) Split(string spec, string what)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            throw new FormatException($"An empty {what} declaration.");
        }

        var parts = spec.Split([':', ','], StringSplitOptions.TrimEntries);
        var settings = new List<(string, string?)>();
        for (var i = 1; i < parts.Length; i++)
        {
            if (parts[i].Length == 0)
            {
                continue;
            }

            var eq = parts[i].IndexOf('=');
            settings.Add(eq < 0
                ? (parts[i].ToLowerInvariant(), null)
                : (parts[i][..eq].Trim().ToLowerInvariant(), parts[i][(eq + 1)..].Trim()));
        }

        return (parts[0], settings);
    }

    public static int ParseInt(string? value, int min, int max, string key, string spec)
    {
        if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var result) || result < min || result > max)
        {
            throw new FormatException($"'{spec}': {key} must be a whole number from {min} to {max}.");
        }

        return result;
    }

    /// <summary>
    /// A lite topic expiration: a number with a unit (<c>500ms</c>, <c>30s</c>, <c>10m</c>, <c>2h</c>, <c>1d</c>), or a bare
    /// number of minutes as RocketMQ's <c>lite.topic.expiration</c>; zero or negative never expires.
    /// </summary>
    public static TimeSpan? ParseExpiration(string? value, string spec)
    {
        if (!DurationText.TryParse(value, TimeSpan.FromMinutes(1), out var duration))
        {
            throw new FormatException($"'{spec}': expiration must look like 30s, 10m, 2h or a number of minutes.");
        }

        return duration <= TimeSpan.Zero ? null : duration;
    }

    /// <summary>
    /// A replay window: a number with a unit (<c>90s</c>, <c>2m</c>), or a bare number of minutes; zero keeps
    /// nothing once settled (null).
    /// </summary>
    public static TimeSpan? ParseRetain(string? value, string spec)
    {
        if (!DurationText.TryParse(value, TimeSpan.FromMinutes(1), out var duration) || duration < TimeSpan.Zero)
        {
            throw new FormatException($"'{spec}': retain must look like 30s, 2m, 1h or a number of minutes, and not be negative.");
        }

        return duration == TimeSpan.Zero ? null : duration;
    }
}
