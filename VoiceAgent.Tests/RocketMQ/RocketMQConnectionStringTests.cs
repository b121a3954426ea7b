using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class RocketMQConnectionStringTests
{
    [Fact]
    public void TheAspireFormReadsEveryKey()
    {
        var options = RocketMQConnectionString.Parse(
            "Endpoints=127.0.0.1:8081;Namespace=ns1;AccessKey=ak;SecretKey=sk;SecurityToken=token;Tls=true;RequestTimeout=5s");

        Assert.Equal("127.0.0.1:8081", options.Endpoints);
        Assert.Equal("ns1", options.Namespace);
        Assert.Equal("ak", options.AccessKey);
        Assert.Equal("sk", options.SecretKey);
        Assert.Equal("token", options.SecurityToken);
        Assert.True(options.Tls);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RequestTimeout);
    }

    [Fact]
    public void EmptyValuesMeanNoneAndKeysIgnoreCase()
    {
        var options = RocketMQConnectionString.Parse("endpoints=broker:8081;namespace=;ACCESSKEY=;secretkey=;tls=false");

        Assert.Equal("broker:8081", options.Endpoints);
        Assert.Equal("", options.Namespace);
        Assert.Null(options.AccessKey);
        Assert.Null(options.SecretKey);
        Assert.False(options.Tls);
    }

    [Theory]
    [InlineData("Endpoints=10.0.0.1:8081;10.0.0.2:8081;Namespace=x")]
    [InlineData("Endpoints=\"10.0.0.1:8081;10.0.0.2:8081\";Namespace=x")]
    public void SeveralEndpointsSurviveTheSemicolonSeparator(string connectionString)
    {
        var options = RocketMQConnectionString.Parse(connectionString);

        Assert.Equal("10.0.0.1:8081;10.0.0.2:8081", options.Endpoints);
        Assert.Equal("x", options.Namespace);
    }

    [Fact]
    public void ABareAddressIsAnEndpointsOnlyConnectionString()
    {
        Assert.Equal("localhost:8081", RocketMQConnectionString.Parse("localhost:8081").Endpoints);
    }

    [Fact]
    public void ApplyOverridesOnlyTheNamedKeys()
    {
        var options = new RocketMQClientOptions { Namespace = "kept", RequestTimeout = TimeSpan.FromSeconds(9) };

        RocketMQConnectionString.Apply("Endpoints=h:1", options);

        Assert.Equal("h:1", options.Endpoints);
        Assert.Equal("kept", options.Namespace);
        Assert.Equal(TimeSpan.FromSeconds(9), options.RequestTimeout);
    }

    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("3s", 3000)]
    [InlineData("1m", 60000)]
    [InlineData("00:00:02", 2000)]
    public void RequestTimeoutAcceptsUnitsAndTimeSpans(string value, int milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RocketMQConnectionString.Parse($"Endpoints=h:1;RequestTimeout={value}").RequestTimeout);
    }

    [Theory]
    [InlineData("Endpoints=h:1;Colour=blue", "Colour")]
    [InlineData("Endpoints=h:1;Tls=maybe", "Tls")]
    [InlineData("Endpoints=h:1;RequestTimeout=-3s", "RequestTimeout")]
    [InlineData("Namespace=x;nonsense", "nonsense")]
    [InlineData("Endpoints=\"h:1", "quote")]
    public void BadConnectionStringsFailWithAClearMessage(string connectionString, string mentioned)
    {
        var error = Assert.Throws<FormatException>(() => RocketMQConnectionString.Parse(connectionString));
        Assert.Contains(mentioned, error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
