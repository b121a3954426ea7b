using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Tests.Realtime;

public sealed class AudioFormatTests
{
    [Theory]
    [InlineData("audio/pcm", null, 24000, AudioEncoding.Pcm16)]
    [InlineData("audio/pcm", 16000, 16000, AudioEncoding.Pcm16)]
    [InlineData("pcm16", null, 24000, AudioEncoding.Pcm16)]
    [InlineData("audio/pcmu", null, 8000, AudioEncoding.MuLaw)]
    [InlineData("g711_ulaw", null, 8000, AudioEncoding.MuLaw)]
    [InlineData("audio/pcma", 8000, 8000, AudioEncoding.ALaw)]
    [InlineData("g711_alaw", null, 8000, AudioEncoding.ALaw)]
    public void SupportedFormatsAreRecognised(string type, int? rate, int sampleRate, AudioEncoding encoding)
    {
        Assert.True(AudioFormat.TryCreate(type, rate, out var format, out _));

        Assert.Equal(sampleRate, format.SampleRate);
        Assert.Equal(encoding, format.Encoding);
        Assert.True(AudioFormat.TryParseLinkString(format.ToLinkString(), out var parsed));
        Assert.Equal(format, parsed);
    }

    [Theory]
    [InlineData("audio/pcm", 44100)]
    [InlineData("audio/pcmu", 16000)]
    [InlineData("audio/opus", null)]
    [InlineData(null, null)]
    public void OtherFormatsAreRefusedWithAReason(string? type, int? rate)
    {
        Assert.False(AudioFormat.TryCreate(type, rate, out _, out var error));
        Assert.False(string.IsNullOrWhiteSpace(error));
    }

    [Fact]
    public void DurationsFollowTheFormat()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(20), AudioFormat.Pcm24k.GetDuration(960));
        Assert.Equal(TimeSpan.FromMilliseconds(20), AudioFormat.Pcm16k.GetDuration(640));
        Assert.Equal(TimeSpan.FromMilliseconds(20), AudioFormat.Pcmu.GetDuration(160));
        Assert.Equal(960, AudioFormat.Pcm24k.GetByteCount(TimeSpan.FromMilliseconds(20)));
        Assert.Equal(40.0, AudioFormat.Pcma.GetDurationMilliseconds(320));
        Assert.Equal("audio/pcm;rate=24000", AudioFormat.Default.ToLinkString());
        Assert.Equal("audio/pcmu", AudioFormat.Pcmu.ToLinkString());
    }

    [Fact]
    public void Pcm16NeedsAnEvenByteCount()
    {
        Assert.False(AudioFormat.Pcm24k.IsValidChunk(new byte[3], out var error));
        Assert.Contains("even", error, StringComparison.Ordinal);
        Assert.True(AudioFormat.Pcm24k.IsValidChunk(new byte[4], out _));
        Assert.True(AudioFormat.Pcmu.IsValidChunk(new byte[3], out _));
    }
}
