using System.Collections.Concurrent;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Integration;

/// <summary>
/// A session moving to another gateway: in the exclusive group the new subscriber takes the lite topic, the old one
/// is told (<see cref="LitePushConsumerOptions.LiteTopicRevoked"/>) and what it held goes over at once; a gateway
/// that unsubscribes and then suspends what it still holds hands it over at once too.
/// </summary>
public sealed class TakeoverTests
{
    private static readonly TimeSpan Timeout = IntegrationBroker.Timeout;

    [Fact]
    public async Task TheNewHolderOfAnExclusiveLiteTopicGetsTheOldHoldersUnackedMessagesAtOnceAndTheOldOneIsTold()
    {
        // Auto-renewed deliveries would otherwise wait for this long: "at once" must be much sooner.
        await using var broker = await IntegrationBroker.StartAsync(options => options.AutoRenewInvisibleTime = TimeSpan.FromMinutes(10));
        var producer = await broker.CreateProducerAsync("downlink");
        var revoked = new TaskCompletionSource<(string LiteTopic, bool StillListed)>(TaskCreationOptions.RunContinuationsAsynchronously);
        var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var written = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        LitePushConsumer? a = null;
        var oldResults = new ConcurrentQueue<string>();
        a = await broker.CreateLiteConsumerAsync(
            "solo-gateways",
            async (message, _) =>
            {
                // The old gateway is stuck writing to a socket when the session moves.
                writing.TrySetResult();
                await written.Task;
                oldResults.Enqueue(ReceivedMessages.Text(message));
                return ConsumeResult.Success;
            },
            edit: options => options.LiteTopicRevoked = liteTopic =>
            {
                revoked.TrySetResult((liteTopic, a!.LiteTopics.Contains(liteTopic)));
                return ValueTask.CompletedTask;
            });
        try
        {
            await a.SubscribeLiteAsync("session").WaitAsync(Timeout);
            await LitePushConsumerTests.SendAsync(producer, "session", "delta-1");
            await LitePushConsumerTests.SendAsync(producer, "session", "delta-2");
            await writing.Task.WaitAsync(Timeout);

            var taken = new ReceivedMessages();
            await using var b = await broker.CreateLiteConsumerAsync("solo-gateways", taken.Handler);
            await b.SubscribeLiteAsync("session").WaitAsync(Timeout);

            Assert.Equal(("session", false), await revoked.Task.WaitAsync(Timeout));
            Assert.DoesNotContain("session", a.LiteTopics);
            await taken.WaitForCountAsync(2);
            Assert.Equal(["delta-1", "delta-2"], taken.Bodies());
            Assert.All(taken.Snapshot(), message => Assert.Equal(1, message.DeliveryAttempt));

            await LitePushConsumerTests.SendAsync(producer, "session", "delta-3");
            await taken.WaitForCountAsync(3);
            Assert.Equal(["session"], b.LiteTopics);
        }
        finally
        {
            written.TrySetResult();
            await a.DisposeAsync();
        }

        // The old holder's late acks are refused quietly; it got nothing after the takeover.
        Assert.DoesNotContain("delta-3", oldResults);
    }

    [Fact]
    public async Task MessagesAGatewaySuspendsAfterUnsubscribingGoToTheNextSubscriberAtOnce()
    {
        await using var broker = await IntegrationBroker.StartAsync(options => options.AutoRenewInvisibleTime = TimeSpan.FromMinutes(10));
        var producer = await broker.CreateProducerAsync("downlink");
        var holding = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var connectionClosed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var a = await broker.CreateLiteConsumerAsync("gateways", async (message, _) =>
        {
            holding.TrySetResult();
            await connectionClosed.Task;
            return ConsumeResult.Suspend(TimeSpan.FromMinutes(10));
        });
        var next = new ReceivedMessages();
        await using var b = await broker.CreateLiteConsumerAsync("gateways", next.Handler);
        try
        {
            await a.SubscribeLiteAsync("session").WaitAsync(Timeout);
            await LitePushConsumerTests.SendAsync(producer, "session", "response.done");
            await holding.Task.WaitAsync(Timeout);
            await b.SubscribeLiteAsync("session").WaitAsync(Timeout);

            // The connection closed: the gateway gives the session up, then hands back what it held.
            await a.UnsubscribeLiteAsync("session").WaitAsync(Timeout);
        }
        finally
        {
            connectionClosed.TrySetResult();
        }

        await next.WaitForCountAsync(1);
        var message = next.Snapshot()[0];
        Assert.Equal(("response.done", 1), (ReceivedMessages.Text(message), message.DeliveryAttempt));
    }
}
