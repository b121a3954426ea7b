using System.Text;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class RequestSignerTests
{
    private static readonly DateTimeOffset Now = new(2024, 3, 9, 7, 5, 3, 250, TimeSpan.Zero);

    [Fact]
    public void SignatureIsTheUpperCaseHexHmacSha1OfTheDateTime()
    {
        // RFC 2202-style reference value: HMAC-SHA1("key", "The quick brown fox jumps over the lazy dog").
        Assert.Equal(
            "DE7C9B85B8B78AA6BC8A7A36F70A90701C9DB4D9",
            RequestSigner.Sign(Encoding.UTF8.GetBytes("key"), "The quick brown fox jumps over the lazy dog"));
    }

    [Fact]
    public void HeadersCarryTheProtocolFieldsAndTheAuthorization()
    {
        var options = new RocketMQClientOptions
        {
            Endpoints = "h:1",
            Namespace = "ns",
            AccessKey = "ak",
            SecretKey = "sk",
            SecurityToken = "session",
        };

        var headers = new RequestSigner(options, "host@1@0@abc", new FixedTimeProvider(Now)).CreateHeaders();

        Assert.Equal("v2", headers.GetValue("x-mq-protocol"));
        Assert.Equal("host@1@0@abc", headers.GetValue("x-mq-client-id"));
        Assert.True(Guid.TryParse(headers.GetValue("x-mq-request-id"), out _));
        Assert.Equal("20240309T070503Z", headers.GetValue("x-mq-date-time"));
        Assert.Equal("DOTNET", headers.GetValue("x-mq-language"));
        Assert.False(string.IsNullOrEmpty(headers.GetValue("x-mq-client-version")));
        Assert.Equal("ns", headers.GetValue("x-mq-namespace"));
        Assert.Equal("session", headers.GetValue("x-mq-session-token"));
        var expected = RequestSigner.Sign(Encoding.UTF8.GetBytes("sk"), "20240309T070503Z");
        Assert.Equal($"MQv2-HMAC-SHA1 Credential=ak, SignedHeaders=x-mq-date-time, Signature={expected}", headers.GetValue("authorization"));
    }

    [Fact]
    public void WithoutCredentialsOrNamespaceThoseHeadersAreLeftOut()
    {
        var headers = new RequestSigner(new RocketMQClientOptions { Endpoints = "h:1" }, "id", new FixedTimeProvider(Now)).CreateHeaders();

        Assert.Null(headers.GetValue("authorization"));
        Assert.Null(headers.GetValue("x-mq-namespace"));
        Assert.Null(headers.GetValue("x-mq-session-token"));
    }

    [Fact]
    public void EveryRequestGetsItsOwnRequestIdAndTheSignatureFollowsTheClock()
    {
        var clock = new FixedTimeProvider(Now);
        var signer = new RequestSigner(new RocketMQClientOptions { Endpoints = "h:1", AccessKey = "ak", SecretKey = "sk" }, "id", clock);

        var first = signer.CreateHeaders();
        var second = signer.CreateHeaders();
        clock.Now = Now.AddSeconds(1);
        var third = signer.CreateHeaders();

        Assert.NotEqual(first.GetValue("x-mq-request-id"), second.GetValue("x-mq-request-id"));
        Assert.Equal(first.GetValue("authorization"), second.GetValue("authorization"));
        Assert.Equal("20240309T070504Z", third.GetValue("x-mq-date-time"));
        Assert.NotEqual(first.GetValue("authorization"), third.GetValue("authorization"));
    }

    [Fact]
    public void ClientIdsFollowTheOfficialLayout()
    {
        var first = ClientIdentity.NextClientId().Split('@');
        var second = ClientIdentity.NextClientId().Split('@');

        Assert.Equal(4, first.Length);
        Assert.Equal(ClientIdentity.HostName, first[0]);
        Assert.Equal(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), first[1]);
        Assert.Equal(long.Parse(first[2], System.Globalization.CultureInfo.InvariantCulture) + 1, long.Parse(second[2], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches("^[0-9a-z]+$", first[3]);
        Assert.Equal("zik0zj", ClientIdentity.ToBase36(2147483647));
    }

    private sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
