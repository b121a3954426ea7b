using VoiceAgent.Broker.Configuration;

namespace VoiceAgent.Tests.Broker;

public sealed class ConfigurationTests
{
    [Fact]
    public void TopicDeclarationsCarryTypeExpirationAndThreshold()
    {
        var lite = TopicDefinition.Parse("voice-downlink:LITE:expiration=10m,alert-backlog=500");
        Assert.Equal(TopicType.Lite, lite.Type);
        Assert.Equal(TimeSpan.FromMinutes(10), lite.LiteExpiration);
        Assert.Equal(500, lite.BacklogAlertThreshold);

        Assert.Equal(TimeSpan.FromSeconds(3), TopicDefinition.Parse("t:LITE:expiration=3s").LiteExpiration);
        Assert.Equal(TimeSpan.FromMinutes(15), TopicDefinition.Parse("t:LITE:expiration=15").LiteExpiration);
        Assert.Null(TopicDefinition.Parse("t:LITE:expiration=-1").LiteExpiration);
        Assert.Equal(TopicType.Fifo, TopicDefinition.Parse("voice-uplink:FIFO").Type);
        Assert.Equal(TopicType.Normal, TopicDefinition.Parse("plain").Type);
        Assert.Equal(8, TopicDefinition.Parse("wide:NORMAL:queues=8").Queues);
    }

    [Theory]
    [InlineData("bad name:FIFO")]
    [InlineData("t:SOMETHING")]
    [InlineData("t:FIFO:expiration=10m")]
    [InlineData("t:LITE:expiration=soon")]
    [InlineData("%DLQ%g")]
    [InlineData("")]
    public void BadTopicDeclarationsSayWhatIsWrong(string spec) =>
        Assert.Throws<FormatException>(() => TopicDefinition.Parse(spec));

    [Fact]
    public void GroupDeclarationsCarryModeBindingAndLimits()
    {
        var lite = GroupDefinition.Parse("voice-gateway:lite-bind=voice-downlink:lite-quota=10:exclusive");
        Assert.Equal("voice-downlink", lite.LiteBindTopic);
        Assert.Equal(10, lite.LiteSubscriptionQuota);
        Assert.Equal(LiteSubscriptionModel.Exclusive, lite.SubscriptionModel);
        var fifo = GroupDefinition.Parse("voice-processor:FIFO:max-attempts=5");
        Assert.True(fifo.Fifo);
        Assert.Equal(5, fifo.MaxDeliveryAttempts);
        Assert.Throws<FormatException>(() => GroupDefinition.Parse("g:max-attempts=0"));
        Assert.Throws<FormatException>(() => GroupDefinition.Parse("g:whatever"));
    }

    [Fact]
    public void LiteGroupsMustBindADeclaredLiteTopic()
    {
        var error = Assert.Throws<FormatException>(() => new EngineHarness(options => options.Groups.Add("lost:lite-bind=normal")));
        Assert.Contains("lite-bind", error.Message, StringComparison.Ordinal);
    }
}
