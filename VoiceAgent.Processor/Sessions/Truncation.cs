namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// Cuts a spoken answer's text to what the user heard before <c>audio_end_ms</c>: whole sentences whose audio
/// finished, then of the sentence playing at that moment the share of its words matching the share of its audio.
/// </summary>
internal static class Truncation
{
    public static ConversationItem Apply(ConversationItem item, double audioEndMs)
    {
        if (item.Segments is not { Count: > 0 } segments)
        {
            return item;
        }

        var cut = 0;
        var kept = new List<SpokenSegment>();
        var previousEnd = 0;
        foreach (var segment in segments)
        {
            var end = Math.Min(segment.TextEnd, item.Text.Length);
            if (audioEndMs >= segment.AudioStartMs + segment.AudioMs)
            {
                cut = end;
                kept.Add(segment);
            }
            else
            {
                if (audioEndMs > segment.AudioStartMs && segment.AudioMs > 0)
                {
                    var share = (audioEndMs - segment.AudioStartMs) / segment.AudioMs;
                    var partial = WordBoundaryBefore(item.Text, previousEnd, previousEnd + (int)Math.Floor(share * (end - previousEnd)));
                    if (partial > previousEnd)
                    {
                        cut = partial;
                        kept.Add(segment with { AudioMs = audioEndMs - segment.AudioStartMs, TextEnd = partial });
                    }
                }

                break;
            }

            previousEnd = end;
        }

        if (cut >= item.Text.Length && kept.Count == segments.Count)
        {
            return item;
        }

        return item with
        {
            Text = item.Text[..cut].TrimEnd(),
            Status = ItemStatus.Incomplete,
            Segments = kept,
        };
    }

    /// <summary>The end of the last whole word of <paramref name="text"/> between <paramref name="start"/> and <paramref name="limit"/>.</summary>
    private static int WordBoundaryBefore(string text, int start, int limit)
    {
        limit = Math.Min(limit, text.Length);
        if (limit >= text.Length || limit <= start)
        {
            return Math.Max(start, limit);
        }

        if (char.IsWhiteSpace(text[limit]))
        {
            return limit;
        }

        var i = limit;
        while (i > start && !char.IsWhiteSpace(text[i - 1]))
        {
            i--;
        }

        return i;
    }
}
