using System.Diagnostics;
using VoiceAgent.RocketMQ;
using VoiceAgent.Tests.Broker;

namespace VoiceAgent.Tests.Integration;

/// <summary>
/// A lite consumer that vanishes without NotifyClientTermination, its connections running through a TCP relay:
/// the broker drops it after its client timeout and hands what it held to another subscriber of the group.
/// </summary>
public sealed class VanishedClientTests
{
    private static readonly TimeSpan Timeout = IntegrationBroker.Timeout;
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task APartitionedConsumerLosesItsLiteSubscriptionsAfterTheClientTimeoutAndItsMessagesGoToAnotherSubscriber()
    {
        await using var scenario = await Scenario.StartAsync();
        var elapsed = Stopwatch.StartNew();
        scenario.Proxy.Freeze();

        // Nothing reaches the broker any more, and nothing tells it so: it waits for the client timeout.
        await scenario.Next.WaitForCountAsync(2);
        Assert.True(elapsed.Elapsed >= ClientTimeout - TimeSpan.FromSeconds(1.5), $"handed over after {elapsed.Elapsed}");
        scenario.AssertHandedOver();
    }

    [Fact]
    public async Task AConsumerWhoseConnectionsAreResetLosesItsSubscriptionsAtOnceAndWhatItHeldAfterTheClientTimeout()
    {
        await using var scenario = await Scenario.StartAsync();
        var elapsed = Stopwatch.StartNew();
        scenario.Proxy.Cut();

        // The telemetry stream ends, so the subscriptions go at once (as the proxy does); the delivery it held
        // stays invisible until the client timeout says the client is gone.
        await Eventually.TrueAsync(() => !scenario.Subscribers().Contains(scenario.Vanishing.ClientId), Timeout, "the subscription goes with the stream");
        Assert.True(elapsed.Elapsed < ClientTimeout, $"subscriptions dropped after {elapsed.Elapsed}");
        await scenario.Next.WaitForCountAsync(2);
        Assert.True(elapsed.Elapsed >= ClientTimeout - TimeSpan.FromSeconds(1.5), $"handed over after {elapsed.Elapsed}");
        scenario.AssertHandedOver();
    }

    /// <summary>
    /// Consumer A (through the relay) holds lite topic "session" and is stuck handling m1; consumer B of the same
    /// shared group subscribes too; m2 waits behind m1.
    /// </summary>
    private sealed class Scenario : IAsyncDisposable
    {
        private readonly TaskCompletionSource _stuck = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private IntegrationBroker _broker = null!;
        private LitePushConsumer _b = null!;

        public TcpProxy Proxy { get; private set; } = null!;

        public LitePushConsumer Vanishing { get; private set; } = null!;

        public ReceivedMessages Next { get; } = new();

        public static async Task<Scenario> StartAsync()
        {
            var scenario = new Scenario();
            try
            {
                await scenario.SetUpAsync();
                return scenario;
            }
            catch
            {
                await scenario.DisposeAsync();
                throw;
            }
        }

        public List<string> Subscribers() =>
            [.. _broker.Broker.Inspector.LiteTopics("downlink").SingleOrDefault(t => t.LiteTopic == "session")?.Subscribers.Select(s => s.ClientId) ?? []];

        public void AssertHandedOver()
        {
            Assert.Equal(["m1", "m2"], Next.Bodies());
            Assert.Equal([2, 1], Next.Snapshot().Select(m => m.DeliveryAttempt));
            Assert.Equal([_b.ClientId], Subscribers());
            Assert.DoesNotContain(_broker.Broker.Inspector.Clients(), client => client.ClientId == Vanishing.ClientId);
        }

        public async ValueTask DisposeAsync()
        {
            _stuck.TrySetResult();
            if (Proxy is not null)
            {
                await Proxy.DisposeAsync();
            }

            if (_broker is not null)
            {
                await _broker.DisposeAsync();
            }
        }

        private async Task SetUpAsync()
        {
            _broker = await IntegrationBroker.StartAsync(options =>
            {
                options.ClientTimeout = ClientTimeout;
                options.AutoRenewInvisibleTime = TimeSpan.FromMinutes(10);
            });
            Proxy = TcpProxy.Start(_broker.Broker.Endpoints);
            var producer = await _broker.CreateProducerAsync("downlink");
            var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var relayed = _broker.CreateClient(options => options.Endpoints = Proxy.Endpoints);
            Vanishing = await _broker.CreateLiteConsumerAsync(
                "gateways",
                async (_, _) =>
                {
                    holding.TrySetResult();
                    await _stuck.Task;
                    return ConsumeResult.Success;
                },
                relayed);
            await Vanishing.SubscribeLiteAsync("session").WaitAsync(Timeout);
            await LitePushConsumerTests.SendAsync(producer, "session", "m1");
            await holding.Task.WaitAsync(Timeout);

            _b = await _broker.CreateLiteConsumerAsync("gateways", Next.Handler);
            await _b.SubscribeLiteAsync("session").WaitAsync(Timeout);
            await LitePushConsumerTests.SendAsync(producer, "session", "m2");
            Assert.Equal(new[] { Vanishing.ClientId, _b.ClientId }.Order(), Subscribers().Order());
            Assert.Equal(0, Next.Count);
        }
    }
}
