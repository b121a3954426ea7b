using VoiceAgent.RocketMQ;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class BrokerEndpointsTests
{
    [Fact]
    public void IPv4AddressesAreParsedInOrder()
    {
        var endpoints = BrokerEndpoints.Parse("10.0.0.1:8081; 10.0.0.2:8082");

        Assert.Equal(Proto.AddressScheme.Ipv4, endpoints.Scheme);
        Assert.Equal([("10.0.0.1", 8081), ("10.0.0.2", 8082)], endpoints.Addresses);
        Assert.Equal(new Uri("http://10.0.0.2:8082"), endpoints.GetUri(1, tls: false));
        Assert.Equal(new Uri("https://10.0.0.1:8081"), endpoints.GetUri(0, tls: true));
    }

    [Fact]
    public void IPv6AndDomainNamesGetTheirSchemes()
    {
        var ipv6 = BrokerEndpoints.Parse("[::1]:8081");
        Assert.Equal(Proto.AddressScheme.Ipv6, ipv6.Scheme);
        Assert.Equal(new Uri("http://[::1]:8081"), ipv6.GetUri(0, tls: false));

        Assert.Equal(Proto.AddressScheme.DomainName, BrokerEndpoints.Parse("rocketmq.internal:8081").Scheme);
    }

    [Fact]
    public void EndpointsRoundTripThroughProtobufAndCompareByValue()
    {
        var endpoints = BrokerEndpoints.Parse("10.0.0.1:8081;10.0.0.2:8082");
        var copy = BrokerEndpoints.FromProtobuf(endpoints.ToProtobuf());

        Assert.Equal(endpoints, copy);
        Assert.Equal(endpoints.GetHashCode(), copy.GetHashCode());
        Assert.NotEqual(endpoints, BrokerEndpoints.Parse("10.0.0.2:8082;10.0.0.1:8081"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("host")]
    [InlineData("host:0")]
    [InlineData("host:99999")]
    [InlineData(":8081")]
    [InlineData("::1:8081")]
    [InlineData("[::1]8081")]
    public void MalformedEndpointsAreRejected(string text)
    {
        Assert.Throws<FormatException>(() => BrokerEndpoints.Parse(text));
    }
}
