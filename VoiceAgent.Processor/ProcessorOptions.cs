namespace VoiceAgent.Processor;

/// <summary>The processor's settings, bound from <c>VoiceAgent:Processor</c>.</summary>
public sealed class ProcessorOptions
{
    public const string SectionName = "VoiceAgent:Processor";

    /// <summary>The FIFO uplink topic consumed in order per session.</summary>
    public string UplinkTopic { get; set; } = "voice-uplink";

    /// <summary>The LITE downlink parent topic; each session's events go to the lite topic named after it.</summary>
    public string DownlinkTopic { get; set; } = "voice-downlink";

    /// <summary>The uplink consumer group (a FIFO group).</summary>
    public string ConsumerGroup { get; set; } = "voice-processor";

    /// <summary>Uplink messages handled at once (of different sessions; one session's are always handled in order).</summary>
    public int ConsumptionConcurrency { get; set; } = 64;

    /// <summary>How far ahead of playback time a response's audio is published at most.</summary>
    public TimeSpan AudioLead { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Output audio per downlink audio message.</summary>
    public TimeSpan AudioChunk { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How long an idle session's state is kept (renewed by every message).</summary>
    public TimeSpan SessionTtl { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The turn lease: a processor that stops renewing it for this long is presumed dead.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often a running turn renews its lease.</summary>
    public TimeSpan LeaseRenewInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the reaper looks for turns whose processor died.</summary>
    public TimeSpan ReaperInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a running turn looks for a cancel raised on another processor.</summary>
    public TimeSpan CancelPollInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest partial utterance kept; older audio is dropped.</summary>
    public TimeSpan MaxUtterance { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Conversation items kept per session (the oldest go first).</summary>
    public int MaxHistoryItems { get; set; } = 50;

    /// <summary>Server VAD: the shortest voiced run that counts as speech.</summary>
    public TimeSpan MinSpeech { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The system prompt when the session sets no <c>instructions</c>.</summary>
    public string DefaultInstructions { get; set; } =
        "You are a helpful voice assistant. Answer in a few short spoken sentences, without lists or markup.";

    /// <summary>Prefix of every Redis key the processor writes.</summary>
    public string RedisKeyPrefix { get; set; } = "va:";
}
