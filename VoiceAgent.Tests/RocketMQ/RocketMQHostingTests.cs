using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VoiceAgent.RocketMQ;
using VoiceAgent.Tests.RocketMQ.Fakes;
using MessageType = VoiceAgent.RocketMQ.Protocol.MessageType;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class RocketMQHostingTests
{
    [Fact]
    public async Task TheConnectionStringOverridesTheOptionsSection()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:rocketmq"] = "Endpoints=127.0.0.1:8081;Namespace=;AccessKey=ak;SecretKey=sk;Tls=false",
            ["RocketMQ:Client:Endpoints"] = "ignored:1",
            ["RocketMQ:Client:Namespace"] = "from-section",
            ["RocketMQ:Client:RequestTimeout"] = "00:00:07",
        });

        builder.AddRocketMQClient("rocketmq");
        using var host = builder.Build();
        await using var client = host.Services.GetRequiredService<RocketMQClient>();

        Assert.Equal("127.0.0.1:8081", client.Options.Endpoints);
        Assert.Equal("", client.Options.Namespace);
        Assert.Equal(("ak", "sk"), (client.Options.AccessKey, client.Options.SecretKey));
        Assert.Equal(TimeSpan.FromSeconds(7), client.Options.RequestTimeout);
        Assert.Same(client, host.Services.GetRequiredService<RocketMQClient>());
    }

    [Fact]
    public async Task TheSectionAloneIsEnoughAndTheDelegateHasTheLastWord()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["RocketMQ:Client:Endpoints"] = "10.0.0.1:8081" });

        builder.AddRocketMQClient(configure: o => o.Namespace = "tenant");
        using var host = builder.Build();
        await using var client = host.Services.GetRequiredService<RocketMQClient>();

        Assert.Equal("10.0.0.1:8081", client.Options.Endpoints);
        Assert.Equal("tenant", client.Options.Namespace);
    }

    [Fact]
    public async Task ARegisteredClientTalksToTheConfiguredEndpoint()
    {
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1));
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:mq"] = $"Endpoints={server.Endpoints};Tls=false" });
        builder.AddRocketMQClient("mq");
        using var host = builder.Build();
        var client = host.Services.GetRequiredService<RocketMQClient>();

        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(TimeSpan.FromSeconds(30));
        await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).Build()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(server.CallsOf("SendMessage"));
    }

    [Fact]
    public void AMissingConnectionFailsWhenTheClientIsFirstNeeded()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.AddRocketMQClient();
        using var host = builder.Build();

        var error = Assert.Throws<InvalidOperationException>(() => host.Services.GetRequiredService<RocketMQClient>());
        Assert.Contains("ConnectionStrings:rocketmq", error.Message, StringComparison.Ordinal);
    }
}
