using System.Globalization;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// Reads connection strings of the form
/// <c>Endpoints=127.0.0.1:8081;Namespace=;AccessKey=ak;SecretKey=sk;SecurityToken=;Tls=false;RequestTimeout=3s</c>.
/// Keys are case-insensitive; values may be double-quoted. Because <c>;</c> also separates endpoints, a part
/// without <c>=</c> right after <c>Endpoints</c> is taken as one more endpoint, and a bare <c>host:port</c>
/// string is an endpoints-only connection string.
/// </summary>
public static class RocketMQConnectionString
{
    private static readonly string[] Keys = ["Endpoints", "Namespace", "AccessKey", "SecretKey", "SecurityToken", "Tls", "RequestTimeout"];

    /// <summary>Parses <paramref name="connectionString"/> into new options.</summary>
    public static RocketMQClientOptions Parse(string connectionString)
    {
        var options = new RocketMQClientOptions();
        Apply(connectionString, options);
        return options;
    }

    /// <summary>Overwrites the values of <paramref name="options"/> that <paramref name="connectionString"/> names.</summary>
    public static void Apply(string connectionString, RocketMQClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(options);

        string? lastKey = null;
        List<string>? endpoints = null;
        foreach (var part in Split(connectionString))
        {
            var separator = part.IndexOf('=');
            if (separator < 0)
            {
                if (lastKey is null or "endpoints")
                {
                    (endpoints ??= []).Add(part.Trim());
                    lastKey = "endpoints";
                    continue;
                }

                throw new FormatException($"RocketMQ connection string part '{part}' is not of the form Key=Value.");
            }

            var key = part[..separator].Trim();
            var value = Unquote(part[(separator + 1)..].Trim());
            lastKey = key.ToLowerInvariant();
            switch (lastKey)
            {
                case "endpoints":
                    endpoints ??= [];
                    if (value.Length > 0)
                    {
                        endpoints.Add(value);
                    }

                    break;
                case "namespace":
                    options.Namespace = value;
                    break;
                case "accesskey":
                    options.AccessKey = NullIfEmpty(value);
                    break;
                case "secretkey":
                    options.SecretKey = NullIfEmpty(value);
                    break;
                case "securitytoken":
                    options.SecurityToken = NullIfEmpty(value);
                    break;
                case "tls":
                    options.Tls = ParseBool(value);
                    break;
                case "requesttimeout":
                    options.RequestTimeout = ParseDuration(value);
                    break;
                default:
                    throw new FormatException(
                        $"RocketMQ connection string key '{key}' is unknown; known keys: {string.Join(", ", Keys)}.");
            }
        }

        if (endpoints is not null)
        {
            options.Endpoints = string.Join(';', endpoints);
        }
    }

    private static IEnumerable<string> Split(string connectionString)
    {
        var start = 0;
        var quoted = false;
        for (var i = 0; i <= connectionString.Length; i++)
        {
            if (i < connectionString.Length)
            {
                var c = connectionString[i];
                if (c == '"')
                {
                    quoted = !quoted;
                }

                if (c != ';' || quoted)
                {
                    continue;
                }
            }

            var part = connectionString[start..i];
            start = i + 1;
            if (!string.IsNullOrWhiteSpace(part))
            {
                yield return part;
            }
        }

        if (quoted)
        {
            throw new FormatException("RocketMQ connection string has an unterminated quote.");
        }
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;

    private static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    private static bool ParseBool(string value) => value.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" or "" => false,
        _ => throw new FormatException($"RocketMQ connection string: Tls must be true or false, not '{value}'."),
    };

    /// <summary>Accepts <c>500ms</c>, <c>3s</c>, <c>1m</c> or a TimeSpan such as <c>00:00:03</c>.</summary>
    internal static TimeSpan ParseDuration(string value)
    {
        var text = value.Trim();
        (string Suffix, double Scale)[] units = [("ms", 1), ("s", 1000), ("m", 60_000)];
        foreach (var (suffix, scale) in units)
        {
            if (text.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(text[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
                && amount > 0)
            {
                return TimeSpan.FromMilliseconds(amount * scale);
            }
        }

        if (TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var span) && span > TimeSpan.Zero)
        {
            return span;
        }

        throw new FormatException($"RocketMQ connection string: RequestTimeout '{value}' is not a positive duration (e.g. 3s, 500ms, 00:00:03).");
    }
}
