using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

/// <summary>What holds a queue's producers back when it reaches its byte limit, and what must not.</summary>
public sealed class QueueLimitTests
{
    private const int Sends = 400;
    private static readonly string Body = new('x', 1000);

    [Fact]
    public async Task AGroupThatNeverReceivesDoesNotMakeProducersFail()
    {
        using var broker = Harness();
        broker.Connect("ghost", ClientType.SimpleConsumer, "ghosts", "one");
        var worker = broker.Connect("worker", ClientType.SimpleConsumer, "plain", "one");

        var refused = 0;
        for (var i = 0; i < Sends; i++)
        {
            refused += broker.Send("one", Body).Status.Code == Code.Ok ? 0 : 1;
            foreach (var delivery in await broker.ReceiveAsync(worker, "plain", "one"))
            {
                Assert.True(broker.Ack(delivery, "plain").IsOk);
            }
        }

        Assert.Equal(0, refused);
        Assert.True(broker.Core.Topics.Budget.Used <= 64 * 1024, $"{broker.Core.Topics.Budget.Used} bytes stored");
    }

    [Fact]
    public async Task OneUnsettledMessageGroupHoldsBackOnlyItsOwnMessages()
    {
        using var broker = Harness();
        var worker = broker.Connect("worker", ClientType.PushConsumer, "ordered", "fifo1");
        broker.SendOk("fifo1", "stuck", messageGroup: "stuck-session");
        Assert.Single(await broker.ReceiveAsync(worker, "ordered", "fifo1", invisible: TimeSpan.FromHours(1)));

        var refused = 0;
        for (var i = 0; i < Sends; i++)
        {
            refused += broker.Send("fifo1", Body, messageGroup: $"session-{i % 20}").Status.Code == Code.Ok ? 0 : 1;
            foreach (var delivery in await broker.ReceiveAsync(worker, "ordered", "fifo1"))
            {
                Assert.True(broker.Ack(delivery, "ordered").IsOk);
            }
        }

        Assert.Equal(0, refused);
    }

    [Fact]
    public async Task AnActiveGroupThatDoesNotSettleStillSlowsProducersDown()
    {
        using var broker = Harness();
        var worker = broker.Connect("worker", ClientType.SimpleConsumer, "plain", "one");
        var refused = 0;
        for (var i = 0; i < Sends; i++)
        {
            refused += broker.Send("one", Body).Status.Code == Code.Ok ? 0 : 1;
            await broker.ReceiveAsync(worker, "plain", "one", invisible: TimeSpan.FromHours(1));
        }

        Assert.True(refused > Sends / 2, $"{refused} refused");
    }

    private static EngineHarness Harness() => new(options =>
    {
        options.MaxQueueBytes = 64 * 1024;
        options.Topics.Add("one:NORMAL:queues=1");
        options.Topics.Add("fifo1:FIFO:queues=1");
        options.Groups.Add("ghosts");
    });
}
