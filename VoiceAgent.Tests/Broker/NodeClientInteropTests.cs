using VoiceAgent.Broker;
using VoiceAgent.Broker.Configuration;

namespace VoiceAgent.Tests.Broker;

/// <summary>
/// The official Apache RocketMQ Node.js client (rocketmq-client-nodejs 1.0.8, interop/rocketmq-nodejs) against the
/// broker: each scenario starts a fresh broker in-process and runs one node script that checks what a user would see.
/// </summary>
public sealed class NodeClientInteropTests
{
    [Fact]
    public Task AProducerSendsNormalFifoAndLiteMessagesAndASimpleConsumerReceivesAndAcks() =>
        RunAsync("produce-and-simple-consume.mjs");

    [Fact]
    public Task AFifoPushConsumerKeepsTheOrderOfEveryMessageGroup() =>
        RunAsync("fifo-push.mjs");

    [Fact]
    public Task LitePushConsumersReceiveExactlyTheLiteTopicsTheyHoldAndTakeOverUnsubscribedOnes() =>
        RunAsync("lite-push.mjs");

    [Fact]
    public Task WithAccessControlTheRightKeysWorkAndWrongOnesAreRefused() =>
        RunAsync("acl.mjs", options =>
        {
            options.AccessKey = "interop-ak";
            options.SecretKey = "interop-sk";
        });

    private static async Task RunAsync(string script, Action<BrokerOptions>? configure = null)
    {
        await using var broker = await EmbeddedBroker.StartAsync(options =>
        {
            options.Topics.AddRange(["orders", "uplink:FIFO", "downlink:LITE:expiration=10m"]);
            options.Groups.AddRange(["processors:FIFO", "gateways:lite-bind=downlink"]);

            // Short long polls let the Node consumers shut down quickly (they wait for their pending polls).
            options.LongPollingTimeout = TimeSpan.FromSeconds(2);
            configure?.Invoke(options);
        }).WaitAsync(TimeSpan.FromSeconds(30));

        var environment = new Dictionary<string, string>
        {
            ["BROKER_ENDPOINTS"] = broker.Endpoints,
            ["BROKER_ADMIN"] = broker.AdminEndpoint.ToString(),
        };
        if (broker.Options.AccessKey is { } accessKey)
        {
            environment["BROKER_ACCESS_KEY"] = accessKey;
            environment["BROKER_SECRET_KEY"] = broker.Options.SecretKey!;
        }

        var (exitCode, output) = await NodeScript.RunAsync("rocketmq-nodejs", script, environment, TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"node {script} exited with {exitCode}:\n{output}");
        Assert.Contains("\"ok\":true", output, StringComparison.Ordinal);
    }
}
