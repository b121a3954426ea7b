using System.Net;
using VoiceAgent.Redis;

namespace VoiceAgent.Tests.Redis;

public sealed class RedisOptionsTests
{
    [Fact]
    public void AspireConnectionStringGivesEndpointAndPassword()
    {
        var options = RedisOptions.Parse("localhost:62354,password=s3cr=t");

        Assert.Equal(new DnsEndPoint("localhost", 62354), Assert.Single(options.EndPoints));
        Assert.Equal("s3cr=t", options.Password);
        Assert.Null(options.User);
        Assert.False(options.Ssl);
    }

    [Fact]
    public void EveryKeywordIsRead()
    {
        var options = RedisOptions.Parse(
            " cache.internal:7000 , other:7001,user=alice,password=pw,ssl=True,sslHost=redis.example,defaultDatabase=3," +
            "connectTimeout=1500,syncTimeout=2500,keepAlive=30,name=processor-1,abortConnect=false,allowAdmin=true,checkCertificateRevocation=false");

        Assert.Equal([new DnsEndPoint("cache.internal", 7000), new DnsEndPoint("other", 7001)], options.EndPoints);
        Assert.Equal("alice", options.User);
        Assert.Equal("pw", options.Password);
        Assert.True(options.Ssl);
        Assert.Equal("redis.example", options.SslHost);
        Assert.False(options.CheckCertificateRevocation);
        Assert.Equal(3, options.DefaultDatabase);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(30), options.KeepAlive);
        Assert.Equal("processor-1", options.ClientName);
    }

    [Theory]
    [InlineData("127.0.0.1", "127.0.0.1", 6379)]
    [InlineData("redis", "redis", 6379)]
    [InlineData("redis,ssl=true", "redis", 6380)]
    [InlineData("[::1]:7000", "::1", 7000)]
    [InlineData("[::1]", "::1", 6379)]
    [InlineData("::1", "::1", 6379)]
    public void EndpointsWithoutAPortGetTheDefaultOne(string connectionString, string host, int port)
    {
        Assert.Equal(new DnsEndPoint(host, port), RedisOptions.Parse(connectionString).EndPoints[0]);
    }

    [Fact]
    public void AsyncTimeoutWinsOverSyncTimeout()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(900), RedisOptions.Parse("h:1,asyncTimeout=900,syncTimeout=100").CommandTimeout);
    }

    [Theory]
    [InlineData("", "names no endpoint")]
    [InlineData("password=x", "names no endpoint")]
    [InlineData("h:0", "Invalid port")]
    [InlineData("h:70000", "Invalid port")]
    [InlineData("h:1,bogus=1", "Unknown keyword 'bogus'")]
    [InlineData("h:1,ssl=yes", "ssl=yes: expected true or false")]
    [InlineData("h:1,defaultDatabase=-1", "defaultDatabase=-1: expected an integer of at least 0")]
    [InlineData("h:1,connectTimeout=abc", "connectTimeout=abc")]
    public void InvalidConnectionStringsAreRefusedClearly(string connectionString, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => RedisOptions.Parse(connectionString));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("h:1,serviceName=mymaster", "Sentinel")]
    [InlineData("h:1,protocol=resp3", "RESP2 only")]
    [InlineData("h:1,proxy=twemproxy", "proxy=twemproxy")]
    public void UnsupportedFeaturesAreRefusedClearly(string connectionString, string expected)
    {
        var error = Assert.Throws<NotSupportedException>(() => RedisOptions.Parse(connectionString));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void ToStringMasksThePassword()
    {
        var text = RedisOptions.Parse("h:1,user=u,password=topsecret").ToString();

        Assert.DoesNotContain("topsecret", text);
        Assert.StartsWith("h:1,user=u,password=*****", text);
    }

    [Fact]
    public void TheClientRefusesOptionsThatCannotWork()
    {
        Assert.Throws<ArgumentException>(() => new RedisClient(new RedisOptions()));
        Assert.Throws<ArgumentException>(() => new RedisClient("h:1,name=has space"));
        var options = RedisOptions.Parse("h:1");
        options.MaxQueuedCommands = 0;
        Assert.Throws<ArgumentOutOfRangeException>(() => new RedisClient(options));
    }
}
