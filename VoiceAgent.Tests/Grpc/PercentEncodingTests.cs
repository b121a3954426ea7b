using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Tests.Grpc;

public sealed class PercentEncodingTests
{
    [Theory]
    [InlineData("plain ascii text", "plain ascii text")]
    [InlineData("100%", "100%25")]
    [InlineData("ü", "%C3%BC")]
    [InlineData("a\tb\nc", "a%09b%0Ac")]
    [InlineData("语音", "%E8%AF%AD%E9%9F%B3")]
    [InlineData("🎤", "%F0%9F%8E%A4")]
    public void EncodeLeavesPrintableAsciiAndEscapesTheRest(string value, string expected) =>
        Assert.Equal(expected, PercentEncoding.Encode(value));

    [Theory]
    [InlineData("Fehlgeschlagen: ünïcödé 语音 100% done\t(tab) 🎤")]
    [InlineData("%%%")]
    [InlineData("")]
    public void DecodeReversesEncode(string value) => Assert.Equal(value, PercentEncoding.Decode(PercentEncoding.Encode(value)));

    [Theory]
    [InlineData("50%", "50%")]
    [InlineData("%zz ok", "%zz ok")]
    [InlineData("%4", "%4")]
    [InlineData("%41%42", "AB")]
    public void DecodeKeepsMalformedSequencesAsTheyAre(string value, string expected) => Assert.Equal(expected, PercentEncoding.Decode(value));
}
