using System.Buffers.Binary;

namespace VoiceAgent.Mocks.Tts;

/// <summary>Chirps and pauses rendered on demand, so a long text never sits in memory as audio.</summary>
internal sealed class ToneSpeech : ISpeechAudio
{
    private const double Amplitude = 0.3 * short.MaxValue;
    private const int FadeSamples = ISpeechAudio.SampleRate / 100;

    private readonly List<Part> _parts;
    private int _part;
    private int _offset;
    private double _phase;

    public ToneSpeech(List<Part> parts)
    {
        _parts = parts;
        TotalBytes = parts.Sum(p => (long)p.SampleCount) * ISpeechAudio.BytesPerSample;
    }

    public long TotalBytes { get; }

    public int Read(Span<byte> destination)
    {
        var written = 0;
        while (written + ISpeechAudio.BytesPerSample <= destination.Length && _part < _parts.Count)
        {
            var part = _parts[_part];
            if (_offset >= part.SampleCount)
            {
                _part++;
                _offset = 0;
                _phase = 0;
                continue;
            }

            BinaryPrimitives.WriteInt16LittleEndian(destination[written..], Render(part));
            written += ISpeechAudio.BytesPerSample;
            _offset++;
        }

        return written;
    }

    private short Render(Part part)
    {
        if (part.StartHz == 0)
        {
            return 0;
        }

        // A linear glide from the start to the end frequency, faded in and out to avoid clicks.
        var progress = (double)_offset / part.SampleCount;
        var hz = part.StartHz + ((part.EndHz - part.StartHz) * progress);
        _phase += 2 * Math.PI * hz / ISpeechAudio.SampleRate;
        var edge = Math.Min(_offset, part.SampleCount - 1 - _offset);
        var envelope = edge >= FadeSamples ? 1 : 0.5 - (0.5 * Math.Cos(Math.PI * edge / FadeSamples));
        return (short)Math.Round(Amplitude * envelope * Math.Sin(_phase));
    }

    /// <summary>A chirp from <paramref name="StartHz"/> to <paramref name="EndHz"/>, or silence when both are 0.</summary>
    internal readonly record struct Part(int SampleCount, double StartHz, double EndHz);
}
