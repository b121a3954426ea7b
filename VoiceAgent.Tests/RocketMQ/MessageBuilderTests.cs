using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class MessageBuilderTests
{
    [Fact]
    public void AMessageKeepsEverythingItWasBuiltWith()
    {
        var body = new byte[] { 1, 2, 3 };
        var message = Message.CreateBuilder()
            .SetTopic("orders")
            .SetBody(body)
            .SetTag("TagA")
            .SetKeys("k1", "k2")
            .AddProperty("p", "v")
            .Build();

        Assert.Equal("orders", message.Topic);
        Assert.Equal(body, message.Body.ToArray());
        Assert.Equal("TagA", message.Tag);
        Assert.Equal(["k1", "k2"], message.Keys);
        Assert.Equal("v", message.Properties["p"]);
        Assert.Equal(MessageType.Normal, message.Type);
    }

    [Fact]
    public void TheTypeFollowsGroupLiteTopicOrDeliveryTime()
    {
        MessageBuilder Base() => Message.CreateBuilder().SetTopic("t").SetBody([1]);

        Assert.Equal(MessageType.Fifo, Base().SetMessageGroup("g").Build().Type);
        Assert.Equal(MessageType.Lite, Base().SetLiteTopic("session-1").Build().Type);
        Assert.Equal(MessageType.Delay, Base().SetDeliveryTimestamp(DateTimeOffset.UtcNow.AddMinutes(1)).Build().Type);
    }

    [Fact]
    public void ConflictingKindsAreRefused()
    {
        MessageBuilder Base() => Message.CreateBuilder().SetTopic("t").SetBody([1]);

        Assert.Throws<InvalidOperationException>(() => Base().SetLiteTopic("l").SetMessageGroup("g").Build());
        Assert.Throws<InvalidOperationException>(() => Base().SetLiteTopic("l").SetDeliveryTimestamp(DateTimeOffset.UtcNow).Build());
        Assert.Throws<InvalidOperationException>(() => Base().SetMessageGroup("g").SetDeliveryTimestamp(DateTimeOffset.UtcNow).Build());
    }

    [Fact]
    public void BlankOrIllegalValuesAreRefused()
    {
        var builder = Message.CreateBuilder();

        Assert.Throws<ArgumentException>(() => builder.SetTopic(" "));
        Assert.Throws<ArgumentException>(() => builder.SetTag("a|b"));
        Assert.Throws<ArgumentException>(() => builder.SetTag(""));
        Assert.Throws<ArgumentException>(() => builder.SetKeys("ok", " "));
        Assert.Throws<ArgumentException>(() => builder.AddProperty("k", ""));
        Assert.Throws<ArgumentException>(() => builder.SetMessageGroup(""));
        Assert.Throws<ArgumentException>(() => builder.SetLiteTopic(" "));
        Assert.Throws<InvalidOperationException>(() => Message.CreateBuilder().SetBody([1]).Build());
        Assert.Throws<InvalidOperationException>(() => Message.CreateBuilder().SetTopic("t").Build());
    }

    [Fact]
    public void SuspendNeedsAtLeastFiftyMilliseconds()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ConsumeResult.Suspend(TimeSpan.FromMilliseconds(10)));
        Assert.Equal(TimeSpan.FromSeconds(1), ConsumeResult.Suspend(TimeSpan.FromSeconds(1)).SuspendDuration);
    }
}
