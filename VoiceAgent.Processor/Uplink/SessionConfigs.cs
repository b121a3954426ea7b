using System.Collections.Concurrent;
using System.Text.Json;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Processor.Uplink;

/// <summary>
/// Stores session configurations as GA JSON and reads them back; parsed configurations are cached by their JSON
/// (many sessions share one), so the hot path does not parse a configuration per audio message.
/// </summary>
internal static class SessionConfigs
{
    private const int MaxCached = 1024;

    private static readonly ConcurrentDictionary<string, SessionConfig> Parsed = new(StringComparer.Ordinal);

    public static string Write(SessionConfig config)
    {
        using var buffer = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            SessionJson.WriteConfig(writer, config);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <summary>The configuration stored as <paramref name="json"/> (the default for none, or for JSON that does not read).</summary>
    public static SessionConfig Read(string? json)
    {
        if (json is null)
        {
            return SessionConfig.Default;
        }

        if (Parsed.TryGetValue(json, out var config))
        {
            return config;
        }

        if (!SessionJson.TryReadConfig(System.Text.Encoding.UTF8.GetBytes(json), out var read, out _))
        {
            return SessionConfig.Default;
        }

        if (Parsed.Count >= MaxCached)
        {
            Parsed.Clear();
        }

        Parsed[json] = read;
        return read;
    }
}
