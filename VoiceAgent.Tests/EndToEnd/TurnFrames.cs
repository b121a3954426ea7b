using System.Text;
using VoiceAgent.Tests.Gateway;

namespace VoiceAgent.Tests.EndToEnd;

/// <summary>Reads what a user sees in a stream of server frames.</summary>
internal static class TurnFrames
{
    public static string? ResponseStatus(this ServerFrame frame) =>
        frame.Type == "response.done" ? frame.Json.GetProperty("response").GetProperty("status").GetString() : null;

    public static string? Transcript(this ServerFrame frame) =>
        frame.Type == "conversation.item.input_audio_transcription.completed" ? frame.Json.GetProperty("transcript").GetString() : null;

    /// <summary>The index of the first frame of <paramref name="type"/> (fails when there is none).</summary>
    public static int IndexOf(this IReadOnlyList<ServerFrame> frames, string type)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i].Type == type)
            {
                return i;
            }
        }

        Assert.Fail($"No {type} event among: {Describe(frames)}");
        return -1;
    }

    /// <summary>The spoken (or written) answer of a response: its transcript or text deltas, in order.</summary>
    public static string AnswerText(this IEnumerable<ServerFrame> frames, string responseId)
    {
        var text = new StringBuilder();
        foreach (var frame in frames)
        {
            if (frame.Type is "response.output_audio_transcript.delta" or "response.output_text.delta" && frame.ResponseId == responseId)
            {
                text.Append(frame.Json.GetProperty("delta").GetString());
            }
        }

        return string.Join(' ', text.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The output audio bytes of a response (JSON deltas or binary frames), in order.</summary>
    public static int AudioBytes(this IEnumerable<ServerFrame> frames) => frames.Sum(f => f.Audio?.Length ?? 0);

    /// <summary>Every frame has a seq, and they run <paramref name="first"/>, first + 1, ... without a gap or a repeat.</summary>
    public static void AssertSeqContiguous(IReadOnlyList<ServerFrame> frames, long first = 1)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            if (frames[i].Seq != first + i)
            {
                Assert.Fail($"Frame {i} has seq {frames[i].Seq}, expected {first + i}. Frames: {Describe(frames)}");
            }
        }
    }

    /// <summary>
    /// Every frame has a seq, starting at 1 and rising. Gaps are allowed: the gateway drops a repeated event_id (a
    /// processor that died between publishing and saving is followed by one that publishes those events again) and
    /// the dropped message's lite offset leaves its seq unused (docs/voice-link.md, "seq").
    /// </summary>
    public static void AssertSeqIncreasing(IReadOnlyList<ServerFrame> frames)
    {
        for (var i = 0; i < frames.Count; i++)
        {
            var floor = i == 0 ? 1 : frames[i - 1].Seq + 1;
            if (frames[i].Seq is not { } seq || seq < floor || (i == 0 && seq != 1))
            {
                Assert.Fail($"Frame {i} has seq {frames[i].Seq}, expected {(i == 0 ? "1" : $"at least {floor}")}. Frames: {Describe(frames)}");
            }
        }
    }

    /// <summary>A short list of the frames for failure messages.</summary>
    public static string Describe(IEnumerable<ServerFrame> frames) =>
        string.Join(", ", frames.Select(f => f.IsBinary ? $"{f.Seq}:audio" : $"{f.Seq}:{f.Type}{(f.Type == "response.done" ? "(" + f.ResponseStatus() + ")" : "")}"));
}
