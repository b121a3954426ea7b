using System.Globalization;

namespace VoiceAgent.Processor.Sessions;

/// <summary>The hash fields of the session's response (<see cref="ResponseSnapshot"/>).</summary>
internal static class ResponseFields
{
    public const string Id = "id";
    public const string Status = "status";
    public const string Item = "item";
    public const string Reason = "reason";
    public const string ErrorCode = "ecode";
    public const string ErrorMessage = "emsg";
    public const string Published = "pub";
    public const string Text = "text";
    public const string Sentences = "sent";
    public const string SentencesIndex = "sidx";
    public const string AudioMs = "ams";
    public const string Segments = "segs";
    public const string Final = "final";
    public const string Truncate = "trunc";
    public const string CancelledBy = "cby";

    /// <summary>The fields of a new response.</summary>
    public static List<KeyValuePair<string, string>> WriteNew(ResponseSnapshot response)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new(Id, response.Id),
            new(Status, response.Status),
            new(Item, response.ItemId),
        };
        fields.AddRange(WriteProgress(response.Progress));
        return fields;
    }

    public static List<KeyValuePair<string, string>> WriteProgress(ResponseProgress progress) =>
    [
        new(Published, progress.Published.ToString(CultureInfo.InvariantCulture)),
        new(Text, progress.Text),
        new(Sentences, progress.Sentences.ToString(CultureInfo.InvariantCulture)),
        new(SentencesIndex, progress.SentencesIndex.ToString(CultureInfo.InvariantCulture)),
        new(AudioMs, SessionRecordFields.Format(progress.AudioMs)),
        new(Segments, StoredJson.Write(progress.Segments)),
    ];

    /// <summary>The response from its stored fields, or null when there is none.</summary>
    public static ResponseSnapshot? Read(IReadOnlyDictionary<string, string> fields)
    {
        if (!fields.TryGetValue(Id, out var id) || string.IsNullOrEmpty(id))
        {
            return null;
        }

        return new ResponseSnapshot
        {
            Id = id,
            Status = fields.GetValueOrDefault(Status) ?? ResponseStatus.InProgress,
            ItemId = fields.GetValueOrDefault(Item) ?? "",
            Reason = Optional(fields, Reason),
            ErrorCode = Optional(fields, ErrorCode),
            ErrorMessage = Optional(fields, ErrorMessage),
            CancelledBy = Optional(fields, CancelledBy),
            Final = fields.GetValueOrDefault(Final) == "1",
            PendingTruncateMs = Optional(fields, Truncate) is { } truncate ? SessionRecordFields.ParseDouble(truncate) : null,
            Progress = new ResponseProgress(
                (int)SessionRecordFields.ParseLong(fields.GetValueOrDefault(Published)),
                fields.GetValueOrDefault(Text) ?? "",
                (int)SessionRecordFields.ParseLong(fields.GetValueOrDefault(Sentences)),
                (int)SessionRecordFields.ParseLong(fields.GetValueOrDefault(SentencesIndex)),
                SessionRecordFields.ParseDouble(fields.GetValueOrDefault(AudioMs)),
                StoredJson.ReadSegments(fields.GetValueOrDefault(Segments))),
        };
    }

    private static string? Optional(IReadOnlyDictionary<string, string> fields, string name) =>
        fields.TryGetValue(name, out var value) && value.Length > 0 ? value : null;
}
