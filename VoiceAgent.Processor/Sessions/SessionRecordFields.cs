using System.Globalization;
using VoiceAgent.Processor.Audio;

namespace VoiceAgent.Processor.Sessions;

/// <summary>The hash fields of a <see cref="SessionRecord"/>: short names, invariant number formats.</summary>
internal static class SessionRecordFields
{
    public const string Connection = "conn";
    public const string Useq = "useq";
    public const string Config = "cfg";
    public const string Vad = "vad";
    public const string InputMs = "in";
    public const string BufferStartMs = "bs";
    public const string BufferBytes = "bb";
    public const string BufferFormat = "bf";
    public const string SpeechItem = "si";
    public const string LastItem = "li";
    public const string NextId = "nid";
    public const string IdPrefix = "pfx";

    /// <summary>The fields to write: all of them, except the configuration when it did not change.</summary>
    public static List<KeyValuePair<string, string>> Write(SessionRecord record, bool includeConfig)
    {
        var fields = new List<KeyValuePair<string, string>>(12)
        {
            new(Connection, record.Connection ?? ""),
            new(Useq, Format(record.LastUseq)),
            new(Vad, WriteVad(record.Vad)),
            new(InputMs, Format(record.InputMs)),
            new(BufferStartMs, Format(record.BufferStartMs)),
            new(BufferBytes, Format(record.BufferBytes)),
            new(BufferFormat, record.BufferFormat ?? ""),
            new(SpeechItem, record.SpeechItemId ?? ""),
            new(LastItem, record.LastItemId ?? ""),
            new(NextId, Format(record.NextId)),
            new(IdPrefix, record.IdPrefix),
        };
        if (includeConfig && record.ConfigJson is not null)
        {
            fields.Add(new(Config, record.ConfigJson));
        }

        return fields;
    }

    /// <summary>A record from its stored fields (none: a new session).</summary>
    public static SessionRecord Read(string sessionId, IReadOnlyDictionary<string, string> fields)
    {
        var record = new SessionRecord(sessionId) { Exists = fields.Count > 0 };
        if (!record.Exists)
        {
            return record;
        }

        record.Connection = NullIfEmpty(fields.GetValueOrDefault(Connection));
        record.LastUseq = ParseLong(fields.GetValueOrDefault(Useq));
        record.ConfigJson = NullIfEmpty(fields.GetValueOrDefault(Config));
        record.Vad = ReadVad(fields.GetValueOrDefault(Vad));
        record.InputMs = ParseDouble(fields.GetValueOrDefault(InputMs));
        record.BufferStartMs = ParseDouble(fields.GetValueOrDefault(BufferStartMs));
        record.BufferBytes = ParseLong(fields.GetValueOrDefault(BufferBytes));
        record.BufferFormat = NullIfEmpty(fields.GetValueOrDefault(BufferFormat));
        record.SpeechItemId = NullIfEmpty(fields.GetValueOrDefault(SpeechItem));
        record.LastItemId = NullIfEmpty(fields.GetValueOrDefault(LastItem));
        record.NextId = ParseLong(fields.GetValueOrDefault(NextId));
        record.IdPrefix = fields.GetValueOrDefault(IdPrefix) ?? "";
        return record;
    }

    internal static string WriteVad(in VadState vad) => string.Join(
        '|',
        vad.Speaking ? "1" : "0",
        Format(vad.VoicedRunMs),
        Format(vad.VoicedRunStartMs),
        Format(vad.SilenceRunMs),
        Format(vad.SilenceStartMs),
        Format(vad.SpeechStartMs),
        Format(vad.PartialSumSquares),
        Format(vad.PartialSamples));

    internal static VadState ReadVad(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return default;
        }

        var parts = text.Split('|');
        if (parts.Length != 8)
        {
            return default;
        }

        return new VadState
        {
            Speaking = parts[0] == "1",
            VoicedRunMs = ParseDouble(parts[1]),
            VoicedRunStartMs = ParseDouble(parts[2]),
            SilenceRunMs = ParseDouble(parts[3]),
            SilenceStartMs = ParseDouble(parts[4]),
            SpeechStartMs = ParseDouble(parts[5]),
            PartialSumSquares = ParseDouble(parts[6]),
            PartialSamples = (int)ParseLong(parts[7]),
        };
    }

    internal static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    internal static string Format(long value) => value.ToString(CultureInfo.InvariantCulture);

    internal static double ParseDouble(string? text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;

    internal static long ParseLong(string? text) =>
        long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;

    private static string? NullIfEmpty(string? text) => string.IsNullOrEmpty(text) ? null : text;
}
