namespace VoiceAgent.Gateway.Configuration;

/// <summary>The gateway's limits and timings, section <c>VoiceAgent:Gateway</c>.</summary>
public sealed class GatewayOptions
{
    public const string SectionName = "VoiceAgent:Gateway";

    /// <summary>The WebSocket endpoint.</summary>
    public string Path { get; set; } = "/v1/realtime";

    /// <summary>The largest client frame (message) accepted; larger ones close the connection with 1009.</summary>
    public int MaxFrameBytes { get; set; } = 1024 * 1024;

    /// <summary>Client frames per second a connection may send (burst of one second's worth); more close it with 1008.</summary>
    public int MaxEventsPerSecond { get; set; } = 200;

    /// <summary>Consecutive invalid frames (each answered with an <c>error</c>) after which the connection is closed with 1008.</summary>
    public int MaxConsecutiveInvalidFrames { get; set; } = 20;

    /// <summary>Sessions this gateway holds at most; one more is refused with 1013.</summary>
    public int MaxSessions { get; set; } = 10_000;

    /// <summary>A connection with no client frame for this long is closed.</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How often the gateway pings the client.</summary>
    public TimeSpan KeepAliveInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How long the gateway waits for the pong before it drops the connection.</summary>
    public TimeSpan KeepAliveTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>How far output audio may run ahead of playback time at the client.</summary>
    public TimeSpan AudioLead { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Frames waiting for the socket per connection; a full queue closes the connection with 4008.</summary>
    public int SendQueueCapacity { get; set; } = 64;

    /// <summary>A socket write pending this long means the client does not read: the connection is closed with 4008.</summary>
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Client events waiting for the broker per connection; when full the gateway stops reading the socket.</summary>
    public int UplinkQueueCapacity { get; set; } = 32;

    /// <summary>The most audio bytes batched into one uplink message.</summary>
    public int MaxAudioBatchBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// Input audio collected into one uplink message: frames are held until this much audio arrived, another event
    /// comes (it sends them at once) or the first frame waited this long. Zero sends each frame as it comes (but still
    /// merges frames queued behind a send in flight). Fewer, larger messages cost the gateway, broker and processor
    /// less; server VAD hears the audio up to this much later.
    /// </summary>
    public TimeSpan AudioBatchDuration { get; set; } = TimeSpan.FromMilliseconds(60);

    /// <summary>How long closing a connection may take before the socket is aborted.</summary>
    public TimeSpan CloseTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a shutdown waits for clients to be told to reconnect.</summary>
    public TimeSpan DrainTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a resume token stays valid after it was issued.</summary>
    public TimeSpan ResumeTokenLifetime { get; set; } = TimeSpan.FromHours(1);
}
