namespace VoiceAgent.Realtime.Sessions;

/// <summary>VoiceAgent's own session settings, under <c>session.voiceagent</c>.</summary>
public sealed record VoiceAgentSessionExtensions
{
    /// <summary>Output audio as binary WebSocket frames (8-byte big-endian seq + raw audio) instead of base64 JSON.</summary>
    public bool BinaryOutputAudio { get; init; }
}
