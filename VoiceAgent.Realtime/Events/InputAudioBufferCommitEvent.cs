namespace VoiceAgent.Realtime.Events;

/// <summary><c>input_audio_buffer.commit</c>: the buffered audio is a user turn.</summary>
public sealed record InputAudioBufferCommitEvent : ClientEvent
{
    public override string Type => RealtimeEventTypes.InputAudioBufferCommit;
}
