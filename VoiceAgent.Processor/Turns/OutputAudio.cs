using System.Buffers;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Turns a TTS stream (PCM16 at the provider's rate) into fixed-size chunks of the session's output format. The
/// chunk boundaries depend only on the audio, so a regenerated answer is cut the same way (and its chunks keep their
/// event ids).
/// </summary>
internal sealed class OutputAudio
{
    private readonly ArrayBufferWriter<byte> _pending = new(16 * 1024);
    private readonly int _chunkBytes;
    private byte? _oddByte;

    public OutputAudio(string outputFormat, int providerSampleRate, TimeSpan chunk)
    {
        Format = outputFormat;
        ProviderSampleRate = providerSampleRate;
        BytesPerMs = providerSampleRate * 2 / 1000.0;
        _chunkBytes = Math.Max(2, (int)(chunk.TotalMilliseconds * BytesPerMs) & ~1);
    }

    public string Format { get; }

    public int ProviderSampleRate { get; }

    /// <summary>Bytes of output audio per millisecond.</summary>
    public double BytesPerMs { get; }

    /// <summary>Adds TTS bytes; returns the complete chunks they made (often none).</summary>
    public List<byte[]>? Add(ReadOnlySpan<byte> pcm16)
    {
        if (pcm16.IsEmpty)
        {
            return null;
        }

        if (_oddByte is { } odd)
        {
            Span<byte> pair = [odd, pcm16[0]];
            _pending.Write(pair);
            pcm16 = pcm16[1..];
            _oddByte = null;
        }

        var even = pcm16.Length & ~1;
        _pending.Write(pcm16[..even]);
        if (even < pcm16.Length)
        {
            _oddByte = pcm16[^1];
        }

        return TakeChunks(final: false);
    }

    /// <summary>The rest of the audio as a last, shorter chunk (or none).</summary>
    public List<byte[]>? Flush()
    {
        _oddByte = null;
        return TakeChunks(final: true);
    }

    public double DurationMs(int bytes) => bytes / BytesPerMs;

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
