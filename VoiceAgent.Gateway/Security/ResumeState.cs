using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;

namespace VoiceAgent.Gateway.Security;

/// <summary>
/// What a resume token carries besides the session id: the gateway's view of the session (dialect, output as binary
/// frames, audio formats, barge-in on speech), so that any gateway can continue rendering it after a reconnect.
/// </summary>
internal sealed record ResumeState(
    string SessionId,
    RealtimeDialect Dialect = RealtimeDialect.Ga,
    bool BinaryOutputAudio = false,
    AudioFormat? InputFormat = null,
    AudioFormat? OutputFormat = null,
    bool InterruptResponse = true)
{
    public AudioFormat Input => InputFormat ?? AudioFormat.Default;

    public AudioFormat Output => OutputFormat ?? AudioFormat.Default;
}
