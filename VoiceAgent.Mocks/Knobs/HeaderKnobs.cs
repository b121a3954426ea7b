using System.Globalization;
using Microsoft.AspNetCore.Http;
using VoiceAgent.Mocks.Apis;

namespace VoiceAgent.Mocks.Knobs;

/// <summary>Reads the per-request <c>x-mock-*</c> overrides; a malformed value is a 400 naming the header.</summary>
internal static class HeaderKnobs
{
    public static double? Number(IHeaderDictionary headers, string name, double min, double max)
    {
        if (!headers.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        if (!double.TryParse(values[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || double.IsNaN(value) || value < min || value > max)
        {
            throw new InvalidRequestException(
                $"Header {name} must be a number between {min.ToString(CultureInfo.InvariantCulture)} and {max.ToString(CultureInfo.InvariantCulture)}.",
                name);
        }

        return value;
    }

    public static int? Integer(IHeaderDictionary headers, string name, int min, int max)
    {
        var value = Number(headers, name, min, max);
        if (value is { } number && number != Math.Floor(number))
        {
            throw new InvalidRequestException($"Header {name} must be a whole number.", name);
        }

        return (int?)value;
    }

    public static TimeSpan? Milliseconds(IHeaderDictionary headers, string name) =>
        Number(headers, name, 0, TimeSpan.FromHours(1).TotalMilliseconds) is { } ms ? TimeSpan.FromMilliseconds(ms) : null;

    public static TEnum? Enum<TEnum>(IHeaderDictionary headers, string name)
        where TEnum : struct, Enum
    {
        if (!headers.TryGetValue(name, out var values) || values.Count == 0)
        {
            return null;
        }

        if (!System.Enum.TryParse<TEnum>(values[0], ignoreCase: true, out var value) || !System.Enum.IsDefined(value))
        {
            throw new InvalidRequestException(
                $"Header {name} must be one of: {string.Join(", ", System.Enum.GetNames<TEnum>()).ToLowerInvariant()}.",
                name);
        }

        return value;
    }
}
