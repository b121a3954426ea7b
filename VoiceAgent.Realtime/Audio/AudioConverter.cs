using System.Buffers;
using System.Runtime.InteropServices;

namespace VoiceAgent.Realtime.Audio;

/// <summary>
/// Streaming conversion between two <see cref="AudioFormat"/>s: G.711 decoding, resampling and G.711 encoding as
/// needed. Feed chunks in order; an odd trailing PCM16 byte is kept for the next chunk. Not thread-safe.
/// </summary>
public sealed class AudioConverter
{
    private readonly PcmResampler? _resampler;
    private byte? _pendingByte;

    public AudioConverter(AudioFormat source, AudioFormat target)
    {
        Source = source;
        Target = target;
        if (source.SampleRate != target.SampleRate)
        {
            _resampler = new PcmResampler(source.SampleRate, target.SampleRate);
        }
    }

    public AudioFormat Source { get; }

    public AudioFormat Target { get; }

    /// <summary>Whether the formats are the same, so that audio passes unchanged.</summary>
    public bool IsPassThrough => Source == Target;

    /// <summary>Converts the next chunk and appends the result to <paramref name="output"/>; returns the bytes written.</summary>
    public int Convert(ReadOnlySpan<byte> input, IBufferWriter<byte> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (IsPassThrough)
        {
            output.Write(input);
            return input.Length;
        }

        var samples = DecodeToPcm(input, out var rented);
        try
        {
            var pcm = samples;
            short[]? resampledRented = null;
            if (_resampler is not null)
            {
                resampledRented = ArrayPool<short>.Shared.Rent(_resampler.GetMaxOutputSamples(samples.Length));
                var count = _resampler.Process(samples, resampledRented);
                pcm = resampledRented.AsSpan(0, count);
            }

            try
            {
                return Encode(pcm, output);
            }
            finally
            {
                if (resampledRented is not null)
                {
                    ArrayPool<short>.Shared.Return(resampledRented);
                }
            }
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<short>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Converts a whole clip at once (a fresh converter's work), for tests and tools.</summary>
    public static byte[] ConvertAll(AudioFormat source, AudioFormat target, ReadOnlySpan<byte> input)
    {
        var writer = new ArrayBufferWriter<byte>(Math.Max(16, input.Length * target.BytesPerSecond / source.BytesPerSecond + 16));
        new AudioConverter(source, target).Convert(input, writer);
        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Forgets the stream so far.</summary>
    public void Reset()
    {
        _resampler?.Reset();
        _pendingByte = null;
    }

    private Span<short> DecodeToPcm(ReadOnlySpan<byte> input, out short[]? rented)
    {
        switch (Source.Encoding)
        {
            case AudioEncoding.MuLaw:
                rented = ArrayPool<short>.Shared.Rent(input.Length);
                G711.DecodeMuLaw(input, rented);
                return rented.AsSpan(0, input.Length);
            case AudioEncoding.ALaw:
                rented = ArrayPool<short>.Shared.Rent(input.Length);
                G711.DecodeALaw(input, rented);
                return rented.AsSpan(0, input.Length);
            default:
                var hasPending = _pendingByte is not null;
                var count = (input.Length + (hasPending ? 1 : 0)) / 2;
                rented = ArrayPool<short>.Shared.Rent(Math.Max(1, count));
                var bytes = MemoryMarshal.AsBytes(rented.AsSpan(0, count));
                var consumed = 0;
                if (count > 0)
                {
                    if (hasPending)
                    {
                        bytes[0] = _pendingByte!.Value;
                        input[..(bytes.Length - 1)].CopyTo(bytes[1..]);
                        consumed = bytes.Length - 1;
                    }
                    else
                    {
                        input[..bytes.Length].CopyTo(bytes);
                        consumed = bytes.Length;
                    }

                    _pendingByte = null;
                }

                // At most one byte is left over: half a sample, kept for the next chunk.
                if (consumed < input.Length)
                {
                    _pendingByte = input[consumed];
                }

                return rented.AsSpan(0, count);
        }
    }

    private int Encode(ReadOnlySpan<short> pcm, IBufferWriter<byte> output)
    {
        switch (Target.Encoding)
        {
            case AudioEncoding.MuLaw:
            {
                var span = output.GetSpan(pcm.Length);
                G711.EncodeMuLaw(pcm, span);
                output.Advance(pcm.Length);
                return pcm.Length;
            }

            case AudioEncoding.ALaw:
            {
                var span = output.GetSpan(pcm.Length);
                G711.EncodeALaw(pcm, span);
                output.Advance(pcm.Length);
                return pcm.Length;
            }

            default:
                var bytes = Pcm16.AsBytes(pcm);
                output.Write(bytes);
                return bytes.Length;
        }
    }
}
