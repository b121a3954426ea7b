using System.Buffers;
using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Turns a TTS stream (PCM16 at the provider's rate) into fixed-size chunks of the session's output format
/// (resampled and G.711-encoded as needed). The chunk boundaries depend only on the audio, so a regenerated answer
/// is cut the same way (and its chunks keep their event ids).
/// </summary>
internal sealed class OutputAudio
{
    private readonly ArrayBufferWriter<byte> _pending = new(16 * 1024);
    private readonly AudioConverter _converter;
    private readonly int _chunkBytes;

    public OutputAudio(AudioFormat outputFormat, int providerSampleRate, TimeSpan chunk)
    {
        Format = outputFormat;
        // The provider's PCM16: at 16 kHz, or else taken as OpenAI's 24 kHz.
        var source = providerSampleRate == 16_000 ? AudioFormat.Pcm16k : AudioFormat.Pcm24k;
        _converter = new AudioConverter(source, outputFormat);
        _chunkBytes = Math.Max(outputFormat.BytesPerSample, outputFormat.GetByteCount(chunk));
    }

    public AudioFormat Format { get; }

    /// <summary>Adds TTS bytes; returns the complete chunks they made (often none).</summary>
    public List<byte[]>? Add(ReadOnlySpan<byte> pcm16)
    {
        if (pcm16.IsEmpty)
        {
            return null;
        }

        _converter.Convert(pcm16, _pending);
        return TakeChunks(final: false);
    }

    /// <summary>The rest of the audio as a last, shorter chunk (or none).</summary>
    public List<byte[]>? Flush() => TakeChunks(final: true);

    public double DurationMs(int bytes) => Format.GetDurationMilliseconds(bytes);

    private List<byte[]>? TakeChunks(bool final)
    {
        List<byte[]>? chunks = null;
        var written = _pending.WrittenSpan;
        var offset = 0;
        while (written.Length - offset >= _chunkBytes || (final && written.Length - offset > 0))
        {
            var length = Math.Min(_chunkBytes, written.Length - offset);
            (chunks ??= []).Add(written.Slice(offset, length).ToArray());
            offset += length;
        }

        if (offset > 0)
        {
            var rest = written[offset..].ToArray();
            _pending.ResetWrittenCount();
            _pending.Write(rest);
        }

        return chunks;
    }
}
