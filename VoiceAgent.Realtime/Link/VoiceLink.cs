namespace VoiceAgent.Realtime.Link;

/// <summary>The topics and consumer groups of the voice link (docs/voice-link.md sections 2-3).</summary>
public static class VoiceLink
{
    /// <summary>FIFO topic of client events, message group = session id.</summary>
    public const string UplinkTopic = "voice-uplink";

    /// <summary>LITE parent topic of server events, lite topic = session id.</summary>
    public const string DownlinkTopic = "voice-downlink";

    /// <summary>The processors' FIFO consumer group of the uplink.</summary>
    public const string ProcessorGroup = "voice-processor";

    /// <summary>The gateways' exclusive lite group bound to the downlink.</summary>
    public const string GatewayGroup = "voice-gateway";
}
