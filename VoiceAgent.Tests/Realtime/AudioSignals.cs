namespace VoiceAgent.Tests.Realtime;

/// <summary>Test signals and measurements for the audio code.</summary>
internal static class AudioSignals
{
    public static short[] Sine(int sampleRate, double frequency, int samples, double amplitude)
    {
        var tone = new short[samples];
        for (var i = 0; i < samples; i++)
        {
            tone[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / sampleRate));
        }

        return tone;
    }

    /// <summary>Signal-to-noise ratio of <paramref name="actual"/> against <paramref name="expected"/>, in dB.</summary>
    public static double SnrDb(ReadOnlySpan<short> expected, ReadOnlySpan<short> actual)
    {
        double signal = 0, noise = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            signal += (double)expected[i] * expected[i];
            var difference = (double)actual[i] - expected[i];
            noise += difference * difference;
        }

        return 10 * Math.Log10(signal / Math.Max(noise, 1e-9));
    }

    /// <summary>
    /// Fits <c>a·sin + b·cos</c> at <paramref name="frequency"/> by least squares: the tone's amplitude, and how
    /// far (dB) what is left over lies below it.
    /// </summary>
    public static (double Amplitude, double SnrDb) FitTone(ReadOnlySpan<short> samples, int sampleRate, double frequency)
    {
        double ss = 0, cc = 0, sc = 0, ys = 0, yc = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var phase = 2 * Math.PI * frequency * i / sampleRate;
            var s = Math.Sin(phase);
            var c = Math.Cos(phase);
            ss += s * s;
            cc += c * c;
            sc += s * c;
            ys += samples[i] * s;
            yc += samples[i] * c;
        }

        var determinant = (ss * cc) - (sc * sc);
        var a = ((ys * cc) - (yc * sc)) / determinant;
        var b = ((yc * ss) - (ys * sc)) / determinant;
        double signal = 0, residual = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var phase = 2 * Math.PI * frequency * i / sampleRate;
            var fitted = (a * Math.Sin(phase)) + (b * Math.Cos(phase));
            signal += fitted * fitted;
            residual += (samples[i] - fitted) * (samples[i] - fitted);
        }

        return (Math.Sqrt((a * a) + (b * b)), 10 * Math.Log10(signal / Math.Max(residual, 1e-9)));
    }

    public static double Rms(ReadOnlySpan<short> samples)
    {
        double sum = 0;
        foreach (var sample in samples)
        {
            sum += (double)sample * sample;
        }

        return Math.Sqrt(sum / Math.Max(1, samples.Length));
    }
}
