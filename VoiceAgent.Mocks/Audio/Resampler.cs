namespace VoiceAgent.Mocks.Audio;

/// <summary>Changes the sample rate of mono audio by linear interpolation: plenty for a mock's speech.</summary>
internal static class Resampler
{
    public static short[] Resample(ReadOnlySpan<short> input, int fromRate, int toRate)
    {
        if (fromRate == toRate || input.Length == 0)
        {
            return input.ToArray();
        }

        var outputLength = (int)((long)input.Length * toRate / fromRate);
        var output = new short[outputLength];
        var step = (double)fromRate / toRate;
        for (var i = 0; i < outputLength; i++)
        {
            var position = i * step;
            var index = (int)position;
            var fraction = position - index;
            var current = input[index];
            var next = index + 1 < input.Length ? input[index + 1] : current;
            output[i] = (short)Math.Round(current + ((next - current) * fraction));
        }

        return output;
    }
}
