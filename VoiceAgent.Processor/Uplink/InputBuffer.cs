using VoiceAgent.Processor.Sessions;
using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Processor.Uplink;

/// <summary>
/// The session's input audio buffer as the handler changes it: appends, trims and commits recorded as store
/// operations, with the record's length and start position kept in step.
/// </summary>
internal static class InputBuffer
{
    public static long BytesFor(AudioFormat format, double milliseconds) =>
        milliseconds <= 0 ? 0 : (long)Math.Round(milliseconds * format.SampleRate / 1000.0) * format.BytesPerSample;

    public static void Append(UplinkContext context, ReadOnlyMemory<byte> audio)
    {
        if (audio.IsEmpty)
        {
            return;
        }

        context.Changes.Audio.Add(AudioOperation.Append(audio));
        context.Record.BufferBytes += audio.Length;
    }

    /// <summary>Keeps only the last <paramref name="keepBytes"/> of a buffer that ends at <paramref name="endMs"/>.</summary>
    public static void KeepLast(UplinkContext context, AudioFormat format, long keepBytes, double endMs)
    {
        var record = context.Record;
        if (keepBytes >= record.BufferBytes)
        {
            return;
        }

        context.Changes.Audio.Add(AudioOperation.KeepLast(keepBytes));
        record.BufferBytes = keepBytes;
        record.BufferStartMs = endMs - format.GetDurationMilliseconds(keepBytes);
    }

    public static void Clear(UplinkContext context)
    {
        var record = context.Record;
        context.Changes.Audio.Add(AudioOperation.Clear());
        record.BufferBytes = 0;
        record.BufferStartMs = record.InputMs;
        record.SpeechItemId = null;
        record.Vad.Reset();
    }

    /// <summary>Moves the buffer (which ends at <paramref name="endMs"/>) to the committed utterance of <paramref name="itemId"/>.</summary>
    public static string Commit(UplinkContext context, string keyPrefix, string itemId, double endMs)
    {
        var record = context.Record;
        var key = new SessionKeys(keyPrefix, context.SessionId).Utterance(itemId);
        context.Changes.Audio.Add(AudioOperation.Commit(key));
        record.BufferBytes = 0;
        record.BufferStartMs = endMs;
        record.SpeechItemId = null;
        return key;
    }
}
