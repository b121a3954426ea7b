using System.Collections.Concurrent;

namespace VoiceAgent.Realtime.Audio;

/// <summary>
/// Streaming PCM16 sample-rate conversion by a rational factor (24 kHz, 16 kHz and 8 kHz, or any pair whose
/// ratio reduces to small integers) with a polyphase windowed-sinc low-pass filter: Kaiser window for about 80 dB
/// of stop-band attenuation, the stop band starting at the lower Nyquist frequency so that nothing aliases.
/// Feed chunks of any size in order; the state between chunks makes the output identical to converting the whole
/// stream at once. Not thread-safe.
/// </summary>
public sealed class PcmResampler
{
    // Filter length per unit of max(up, down): 48 gives a transition band of about a tenth of the lower rate.
    private const int LengthFactor = 48;
    private const double StopBandAttenuationDb = 80;

    private static readonly ConcurrentDictionary<(int Up, int Down), float[]> Filters = new();

    private readonly int _tapsPerPhase;

    private readonly int _up;
    private readonly int _down;
    private readonly float[] _filter;
    // The last (taps per phase - 1) input samples of the previous chunk, then room for the next chunk.
    private float[] _window;
    // Where the next output sample lies, in input samples times _up, relative to the start of _window.
    private long _position;

    public PcmResampler(int inputRate, int outputRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        var gcd = Gcd(inputRate, outputRate);
        _up = outputRate / gcd;
        _down = inputRate / gcd;
        if (_up > 64 || _down > 64)
        {
            throw new ArgumentException($"Cannot convert {inputRate} Hz to {outputRate} Hz: the ratio {_up}/{_down} is too fine.");
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        _filter = Filters.GetOrAdd((_up, _down), static key => DesignFilter(key.Up, key.Down));
        _tapsPerPhase = _filter.Length / _up;
        _window = new float[_tapsPerPhase - 1 + 1024];
        Reset();
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    /// <summary>The most output samples <see cref="Process(ReadOnlySpan{short}, Span{short})"/> writes for this many input samples.</summary>
    public int GetMaxOutputSamples(int inputSamples) => (int)(((long)inputSamples * _up / _down) + 2);

    /// <summary>Converts the next chunk; returns how many samples were written to <paramref name="output"/>.</summary>
    public int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        var taps = _tapsPerPhase;
        var history = taps - 1;
        var length = history + input.Length;
        if (_window.Length < length)
        {
            Array.Resize(ref _window, Math.Max(length, _window.Length * 2));
        }

        var window = _window;
        for (var i = 0; i < input.Length; i++)
        {
            window[history + i] = input[i];
        }

        var written = 0;
        var filter = _filter;
        var up = _up;
        while (true)
        {
            var index = (int)(_position / up);
            if (index >= length)
            {
                break;
            }

            if (written >= output.Length)
            {
                throw new ArgumentException("The output span is too small; size it with GetMaxOutputSamples.", nameof(output));
            }

            var phase = (int)(_position - ((long)index * up));
            var sum = 0f;
            var tap = phase;
            for (var k = 0; k < taps; k++, tap += up)
            {
                sum += window[index - k] * filter[tap];
            }

            output[written++] = Clamp(sum);
            _position += _down;
        }

        // Keep the newest samples as the next chunk's history.
        window.AsSpan(length - history, history).CopyTo(window);
        _position -= (long)input.Length * up;
        return written;
    }

    /// <summary>Converts little-endian PCM16 bytes (an even count); returns the bytes written.</summary>
    public int Process(ReadOnlySpan<byte> input, Span<byte> output)
    {
        if ((input.Length & 1) != 0)
        {
            throw new ArgumentException("PCM16 input needs an even number of bytes.", nameof(input));
        }

        var written = Process(Pcm16.AsSamples(input), Pcm16.AsSamples(output));
        return written * 2;
    }

    /// <summary>Forgets the stream so far, as for a new stream.</summary>
    public void Reset()
    {
        Array.Clear(_window);
        _position = (long)(_tapsPerPhase - 1) * _up;
    }

    private static short Clamp(float value)
    {
        var rounded = MathF.Round(value);
        return rounded >= short.MaxValue ? short.MaxValue : rounded <= short.MinValue ? short.MinValue : (short)rounded;
    }

    /// <summary>
    /// A low-pass prototype at <paramref name="up"/> times the input rate, laid out so that phase p of the
    /// polyphase filter is taps p, p + up, p + 2 up, ... Its length is a multiple of <paramref name="up"/>.
    /// </summary>
    private static float[] DesignFilter(int up, int down)
    {
        var factor = Math.Max(up, down);
        var length = LengthFactor * factor;
        length += (up - (length % up)) % up;
        // Kaiser's formulas: the window's beta for the attenuation, and the transition width it gives this length.
        var beta = 0.1102 * (StopBandAttenuationDb - 8.7);
        var transition = (StopBandAttenuationDb - 8) / (2.285 * (length - 1)) / (2 * Math.PI);
        // Cut-off (cycles per up-sampled sample) half a transition below the lower Nyquist frequency.
        var cutoff = (0.5 / factor) - (transition / 2);
        var center = (length - 1) / 2.0;
        var filter = new float[length];
        var norm = BesselI0(beta);
        for (var n = 0; n < length; n++)
        {
            var t = n - center;
            var sinc = t == 0 ? 1.0 : Math.Sin(2 * Math.PI * cutoff * t) / (2 * Math.PI * cutoff * t);
            var ratio = (2.0 * n / (length - 1)) - 1.0;
            var window = BesselI0(beta * Math.Sqrt(Math.Max(0, 1 - (ratio * ratio)))) / norm;
            // Gain `up` makes up for the zeros inserted by up-sampling.
            filter[n] = (float)(2 * cutoff * sinc * window * up);
        }

        return filter;
    }

    private static double BesselI0(double x)
    {
        var sum = 1.0;
        var term = 1.0;
        var half = x / 2;
        for (var k = 1; k < 50; k++)
        {
            term *= half / k;
            var squared = term * term;
            sum += squared;
            if (squared < sum * 1e-12)
            {
                break;
            }
        }

        return sum;
    }

    private static int Gcd(int a, int b)
    {
        while (b != 0)
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
