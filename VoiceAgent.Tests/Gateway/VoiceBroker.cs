using VoiceAgent.Broker;
using VoiceAgent.Broker.Configuration;

namespace VoiceAgent.Tests.Gateway;

/// <summary>An in-process broker declaring the voice link's topics and groups, as the AppHost does.</summary>
public static class VoiceBroker
{
    public static Task<EmbeddedBroker> StartAsync(string retain = "2m", Action<BrokerOptions>? configure = null) =>
        EmbeddedBroker.StartAsync(options =>
        {
            options.Topics.Add("voice-uplink:FIFO");
            options.Topics.Add($"voice-downlink:LITE:expiration=10m,retain={retain}");
            options.Groups.Add("voice-processor:FIFO");
            options.Groups.Add("voice-gateway:lite-bind=voice-downlink:exclusive");
            configure?.Invoke(options);
        });
}
