using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Tests.Realtime;

public sealed class G711Tests
{
    [Theory]
    // Entries of the ITU-T G.711 µ-law decoding table.
    [InlineData(0x00, -32124)]
    [InlineData(0x01, -31100)]
    [InlineData(0x0F, -16764)]
    [InlineData(0x7E, -8)]
    [InlineData(0x7F, 0)]
    [InlineData(0x80, 32124)]
    [InlineData(0xF0, 120)]
    [InlineData(0xFE, 8)]
    [InlineData(0xFF, 0)]
    public void MuLawDecodesToTheStandardTable(int code, int expected) =>
        Assert.Equal(expected, G711.DecodeMuLaw((byte)code));

    [Theory]
    // Entries of the ITU-T G.711 A-law decoding table.
    [InlineData(0x00, -5504)]
    [InlineData(0x01, -5248)]
    [InlineData(0x08, -7552)]
    [InlineData(0x2A, -32256)]
    [InlineData(0x55, -8)]
    [InlineData(0x80, 5504)]
    [InlineData(0xAA, 32256)]
    [InlineData(0xD5, 8)]
    public void ALawDecodesToTheStandardTable(int code, int expected) =>
        Assert.Equal(expected, G711.DecodeALaw((byte)code));

    [Theory]
    [InlineData(0, 0xFF, 0xD5)]
    [InlineData(-1, 0x7F, 0x55)]
    [InlineData(32767, 0x80, 0xAA)]
    [InlineData(-32768, 0x00, 0x2A)]
    [InlineData(1000, 0xCE, 0xFA)]
    public void EncodingPicksTheStandardCodeWords(int sample, int muLaw, int aLaw)
    {
        Assert.Equal(muLaw, G711.EncodeMuLaw((short)sample));
        Assert.Equal(aLaw, G711.EncodeALaw((short)sample));
    }

    [Fact]
    public void EveryCodeWordSurvivesDecodeThenEncode()
    {
        for (var code = 0; code < 256; code++)
        {
            // µ-law has two zeros (0x7F and 0xFF); the encoder writes the positive one.
            var expectedMu = code == 0x7F ? 0xFF : code;
            Assert.Equal(expectedMu, G711.EncodeMuLaw(G711.DecodeMuLaw((byte)code)));
            Assert.Equal(code, G711.EncodeALaw(G711.DecodeALaw((byte)code)));
        }
    }

    [Fact]
    public void CompandingKeepsSpeechLevelSignalsClean()
    {
        var tone = AudioSignals.Sine(8000, 440, 8000, 12000);
        var mu = new byte[tone.Length];
        var a = new byte[tone.Length];
        var back = new short[tone.Length];

        G711.EncodeMuLaw(tone, mu);
        G711.DecodeMuLaw(mu, back);
        Assert.True(AudioSignals.SnrDb(tone, back) > 33, "µ-law SNR");

        G711.EncodeALaw(tone, a);
        G711.DecodeALaw(a, back);
        Assert.True(AudioSignals.SnrDb(tone, back) > 33, "A-law SNR");
    }
}
