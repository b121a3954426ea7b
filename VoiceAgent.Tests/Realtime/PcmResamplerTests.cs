using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Tests.Realtime;

public sealed class PcmResamplerTests
{
    [Theory]
    [InlineData(24000, 16000, 1000)]
    [InlineData(16000, 24000, 1000)]
    [InlineData(24000, 8000, 440)]
    [InlineData(8000, 24000, 440)]
    [InlineData(16000, 8000, 2500)]
    [InlineData(8000, 16000, 3000)]
    public void AToneComesOutAtTheSameFrequencyAndLevel(int from, int to, int frequency)
    {
        var input = AudioSignals.Sine(from, frequency, from, 10000);
        var resampler = new PcmResampler(from, to);
        var output = new short[resampler.GetMaxOutputSamples(input.Length)];

        var count = resampler.Process(input, output);

        Assert.InRange(count, to - 2, to + 2);
        // Skip the filter's start-up and fit the tone over the steady part.
        var steady = output.AsSpan(to / 10, to / 2);
        var (amplitude, snr) = AudioSignals.FitTone(steady, to, frequency);
        Assert.InRange(amplitude, 9900, 10100);
        Assert.True(snr > 60, $"SNR {snr:F1} dB");
    }

    [Fact]
    public void FrequenciesAboveTheNewNyquistLimitAreRemoved()
    {
        var input = AudioSignals.Sine(24000, 6000, 24000, 10000);
        var resampler = new PcmResampler(24000, 8000);
        var output = new short[resampler.GetMaxOutputSamples(input.Length)];

        var count = resampler.Process(input, output);

        // 6 kHz would alias to 2 kHz at 8 kHz; it must be at least 60 dB down.
        var rms = AudioSignals.Rms(output.AsSpan(800, count - 1600));
        Assert.True(20 * Math.Log10(rms / (10000 / Math.Sqrt(2))) < -60, $"alias at {rms:F1} RMS");
    }

    [Fact]
    public void ChunksGiveTheSameOutputAsTheWholeStream()
    {
        var input = AudioSignals.Sine(24000, 700, 4800, 8000);
        var whole = new PcmResampler(24000, 16000);
        var expected = new short[whole.GetMaxOutputSamples(input.Length)];
        var expectedCount = whole.Process(input, expected);

        var chunked = new PcmResampler(24000, 16000);
        var actual = new List<short>();
        var random = new Random(7);
        var offset = 0;
        while (offset < input.Length)
        {
            var size = Math.Min(random.Next(0, 700), input.Length - offset);
            var buffer = new short[chunked.GetMaxOutputSamples(size)];
            var written = chunked.Process(input.AsSpan(offset, size), buffer);
            actual.AddRange(buffer.AsSpan(0, written).ToArray());
            offset += size;
        }

        Assert.Equal(expected.AsSpan(0, expectedCount).ToArray(), actual.ToArray());
    }

    [Fact]
    public void BytesInAndOutArePcm16LittleEndian()
    {
        var resampler = new PcmResampler(16000, 24000);
        var output = new byte[64];

        Assert.Throws<ArgumentException>(() => resampler.Process(new byte[3], output));
        Assert.Equal(0, resampler.Process(ReadOnlySpan<byte>.Empty, output));
    }
}
