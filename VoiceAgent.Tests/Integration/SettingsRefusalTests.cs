using VoiceAgent.RocketMQ;

namespace VoiceAgent.Tests.Integration;

/// <summary>A client whose settings the broker refuses learns why at once.</summary>
public sealed class SettingsRefusalTests
{
    [Fact]
    public async Task ALiteConsumerOfAnUndeclaredGroupFailsWithTheBrokersReason()
    {
        await using var broker = await IntegrationBroker.StartAsync();
        var error = await Assert.ThrowsAsync<BadRequestException>(() =>
            broker.CreateLiteConsumerAsync("undeclared-gateways", (_, _) => ValueTask.FromResult(ConsumeResult.Success)));

        Assert.Contains("lite-bind", error.Message, StringComparison.Ordinal);
    }
}
