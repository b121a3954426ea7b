using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Integration;

/// <summary>A FIFO push consumer against our broker: every message group in order, groups in parallel.</summary>
public sealed class FifoPushConsumerTests
{
    [Fact]
    public async Task AFifoPushConsumerKeepsTheOrderOfEveryMessageGroupAcrossManyGroups()
    {
        const int Groups = 24;
        const int PerGroup = 15;
        await using var broker = await IntegrationBroker.StartAsync();
        var producer = await broker.CreateProducerAsync("uplink");
        var received = new ReceivedMessages();
        var running = 0;
        var mostAtOnce = 0;
        var busyGroups = new ConcurrentDictionary<string, byte>();
        await using var consumer = await broker.Client.CreatePushConsumerAsync(
            new PushConsumerOptions { ConsumerGroup = "processors", Subscriptions = { ["uplink"] = FilterExpression.All } },
            async (message, _) =>
            {
                Assert.True(busyGroups.TryAdd(message.MessageGroup!, 0), $"two messages of {message.MessageGroup} at once");
                var now = Interlocked.Increment(ref running);
                InterlockedMax(ref mostAtOnce, now);
                await Task.Delay(Random.Shared.Next(0, 3));
                Interlocked.Decrement(ref running);
                busyGroups.TryRemove(message.MessageGroup!, out byte _);
                received.Add(message);
                return ConsumeResult.Success;
            }).WaitAsync(IntegrationBroker.Timeout);

        await Task.WhenAll(Enumerable.Range(0, Groups).Select(async group =>
        {
            for (var i = 0; i < PerGroup; i++)
            {
                var body = Encoding.UTF8.GetBytes(i.ToString(CultureInfo.InvariantCulture));
                await producer.SendAsync(Message.CreateBuilder().SetTopic("uplink").SetMessageGroup($"session-{group}").SetBody(body).Build());
            }
        })).WaitAsync(IntegrationBroker.Timeout);

        await received.WaitForCountAsync(Groups * PerGroup);
        var expected = Enumerable.Range(0, PerGroup).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToList();
        for (var group = 0; group < Groups; group++)
        {
            Assert.Equal(expected, received.Bodies(m => m.MessageGroup == $"session-{group}"));
        }

        Assert.All(received.Snapshot(), message => Assert.Equal(1, message.DeliveryAttempt));
        Assert.True(mostAtOnce > 1, "message groups are consumed in parallel");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }

            current = seen;
        }
    }
}
