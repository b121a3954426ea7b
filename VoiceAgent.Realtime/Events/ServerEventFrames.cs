using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Responses;

namespace VoiceAgent.Realtime.Events;

/// <summary>
/// What the gateway sends: server events with <c>"seq"</c> as their first property, output audio rendered as
/// <c>response.output_audio.delta</c>, and binary audio frames (8-byte big-endian seq, then the raw audio).
/// </summary>
public static class ServerEventFrames
{
    /// <summary>The bytes before the audio in a binary output frame.</summary>
    public const int BinaryAudioHeaderLength = 8;

    /// <summary>Copies <paramref name="eventJson"/> (a JSON object) with <c>"seq":N</c> inserted as the first property.</summary>
    public static void WriteWithSeq(IBufferWriter<byte> output, long seq, ReadOnlySpan<byte> eventJson)
    {
        ArgumentNullException.ThrowIfNull(output);
        var start = eventJson.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0 || eventJson[start] != (byte)'{')
        {
            throw new ArgumentException("A server event must be a JSON object.", nameof(eventJson));
        }

        var rest = eventJson[(start + 1)..];
        var isEmpty = rest.IndexOfAnyExcept(" \t\r\n"u8) is var next && next >= 0 && rest[next] == (byte)'}';
        var span = output.GetSpan(32 + rest.Length);
        var written = WriteSeqPrefix(span, seq);
        if (!isEmpty)
        {
            span[written++] = (byte)',';
        }

        rest.CopyTo(span[written..]);
        output.Advance(written + rest.Length);
    }

    /// <summary>
    /// Renders output audio as <c>response.output_audio.delta</c> (beta: <c>response.audio.delta</c>) with
    /// <c>seq</c> first and the audio base64-encoded, in one pass.
    /// </summary>
    public static void WriteAudioDelta(IBufferWriter<byte> output, long seq, string eventId, ResponseContentRef where, ReadOnlySpan<byte> audio, RealtimeDialect dialect = RealtimeDialect.Ga)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = JsonWriterCache.Rent(output);
        try
        {
            writer.WriteStartObject();
            writer.WriteNumber("seq"u8, seq);
            writer.WriteString("type"u8, dialect == RealtimeDialect.Beta ? BetaEventNames.ResponseAudioDelta : RealtimeEventTypes.ResponseOutputAudioDelta);
            writer.WriteString("event_id"u8, eventId);
            writer.WriteString("response_id"u8, where.ResponseId);
            writer.WriteString("item_id"u8, where.ItemId);
            writer.WriteNumber("output_index"u8, where.OutputIndex);
            writer.WriteNumber("content_index"u8, where.ContentIndex);
            writer.WriteBase64String("delta"u8, audio);
            writer.WriteEndObject();
        }
        finally
        {
            JsonWriterCache.Return(writer);
        }
    }

    /// <summary>Writes a binary output audio frame: 8-byte big-endian <paramref name="seq"/>, then the audio.</summary>
    public static void WriteBinaryAudio(IBufferWriter<byte> output, long seq, ReadOnlySpan<byte> audio)
    {
        ArgumentNullException.ThrowIfNull(output);
        var span = output.GetSpan(BinaryAudioHeaderLength + audio.Length);
        BinaryPrimitives.WriteInt64BigEndian(span, seq);
        audio.CopyTo(span[BinaryAudioHeaderLength..]);
        output.Advance(BinaryAudioHeaderLength + audio.Length);
    }

    /// <summary>Reads the seq of a binary output audio frame; the audio is the rest of the frame.</summary>
    public static bool TryReadBinaryAudioSeq(ReadOnlySpan<byte> frame, out long seq)
    {
        if (frame.Length < BinaryAudioHeaderLength)
        {
            seq = 0;
            return false;
        }

        seq = BinaryPrimitives.ReadInt64BigEndian(frame);
        return true;
    }

    private static int WriteSeqPrefix(Span<byte> span, long seq)
    {
        "{\"seq\":"u8.CopyTo(span);
        var written = 7;
        Utf8Formatter.TryFormat(seq, span[written..], out var digits);
        return written + digits;
    }
}
