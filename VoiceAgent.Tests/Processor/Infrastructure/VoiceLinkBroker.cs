using VoiceAgent.Broker;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>An in-process broker declaring the voice link's topics and groups, as the AppHost's broker does.</summary>
public static class VoiceLinkBroker
{
    public static async Task<EmbeddedBroker> StartAsync() =>
        await EmbeddedBroker.StartAsync(options =>
        {
            options.Topics.AddRange(["voice-uplink:FIFO", "voice-downlink:LITE:expiration=10m"]);
            options.Groups.AddRange(["voice-processor:FIFO", "voice-gateway:lite-bind=voice-downlink:exclusive"]);
        }).WaitAsync(TimeSpan.FromSeconds(60));
}
