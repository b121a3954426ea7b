using Microsoft.Extensions.Configuration;
using VoiceAgent.Broker.Configuration;

namespace VoiceAgent.Tests.Broker;

public sealed class ConfigurationTests
{
    [Fact]
    public async Task TheGrpcServerLogsAtWarningByDefaultAndConfigurationOverridesIt()
    {
        await using var broker = await VoiceAgent.Broker.EmbeddedBroker.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var configuration = (IConfiguration)broker.Services.GetService(typeof(IConfiguration))!;
        Assert.Equal("Warning", configuration["Logging:LogLevel:VoiceAgent.Grpc"]);

        var overridden = new ConfigurationManager();
        overridden.AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:VoiceAgent.Grpc"] = "Debug" });
        BrokerLogLevels.AddTo(overridden);
        Assert.Equal("Debug", overridden["Logging:LogLevel:VoiceAgent.Grpc"]);
    }

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

    [Fact]
    public void TheCommandLineOverridesConfigurationKeyByKey()
    {
        var (settings, exitCode) = BrokerCommandLine.Parse(
        [
            "--grpc-port", "9081", "--admin-port", "9082",
            "--topic", "voice-uplink:FIFO", "--topic", "voice-downlink:LITE:expiration=10m",
            "--group", "voice-processor:FIFO", "--group", "voice-gateway:lite-bind=voice-downlink",
            "--access-key", "AK", "--secret-key", "SK",
        ]);
        Assert.Null(exitCode);

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Broker:GrpcPort"] = "1", ["Broker:ClientTimeout"] = "00:00:30" })
            .AddInMemoryCollection(settings)
            .Build();
        var options = new BrokerOptions();
        configuration.GetSection(BrokerOptions.SectionName).Bind(options);
        Assert.Equal((9081, 9082), (options.GrpcPort, options.AdminPort));
        Assert.Equal(["voice-uplink:FIFO", "voice-downlink:LITE:expiration=10m"], options.Topics);
        Assert.Equal(["voice-processor:FIFO", "voice-gateway:lite-bind=voice-downlink"], options.Groups);
        Assert.Equal(("AK", "SK"), (options.AccessKey, options.SecretKey));
        Assert.Equal(TimeSpan.FromSeconds(30), options.ClientTimeout);
    }

    [Fact]
    public void AnUnknownCommandLineOptionFailsWithUsage()
    {
        using var output = new StringWriter();
        var (_, exitCode) = BrokerCommandLine.Parse(["--grpc-port", "x", "--nonsense"], output);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("--topic", output.ToString(), StringComparison.Ordinal);
    }
}
