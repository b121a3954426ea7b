using System.Buffers;
using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Tests.Realtime;

public sealed class AudioConverterTests
{
    [Theory]
    [InlineData(AudioEncoding.MuLaw)]
    [InlineData(AudioEncoding.ALaw)]
    public void Pcm24kThroughG711AndBackKeepsATone(AudioEncoding encoding)
    {
        var g711 = encoding == AudioEncoding.MuLaw ? AudioFormat.Pcmu : AudioFormat.Pcma;
        var tone = AudioSignals.Sine(24000, 500, 24000, 9000);

        var coded = AudioConverter.ConvertAll(AudioFormat.Pcm24k, g711, Pcm16.AsBytes(tone));
        var back = AudioConverter.ConvertAll(g711, AudioFormat.Pcm24k, coded);

        Assert.InRange(coded.Length, 7990, 8010);
        var samples = Pcm16.AsSamples(back);
        var (amplitude, snr) = AudioSignals.FitTone(samples.Slice(2400, 12000), 24000, 500);
        Assert.InRange(amplitude, 8700, 9300);
        Assert.True(snr > 30, $"SNR {snr:F1} dB");
    }

    [Fact]
    public void AnOddPcmByteWaitsForTheNextChunk()
    {
        var tone = Pcm16.AsBytes(AudioSignals.Sine(16000, 300, 1600, 5000)).ToArray();
        var whole = AudioConverter.ConvertAll(AudioFormat.Pcm16k, AudioFormat.Pcm24k, tone);

        var converter = new AudioConverter(AudioFormat.Pcm16k, AudioFormat.Pcm24k);
        var output = new ArrayBufferWriter<byte>();
        var offset = 0;
        foreach (var size in new[] { 1, 2, 333, 1, 0, 1000, 7 })
        {
            converter.Convert(tone.AsSpan(offset, size), output);
            offset += size;
        }

        converter.Convert(tone.AsSpan(offset), output);

        Assert.Equal(whole, output.WrittenSpan.ToArray());
    }

    [Fact]
    public void TheSameFormatPassesUnchanged()
    {
        var converter = new AudioConverter(AudioFormat.Pcmu, AudioFormat.Pcmu);
        var output = new ArrayBufferWriter<byte>();

        converter.Convert(new byte[] { 1, 2, 3 }, output);

        Assert.True(converter.IsPassThrough);
        Assert.Equal(new byte[] { 1, 2, 3 }, output.WrittenSpan.ToArray());
    }
}
