namespace VoiceAgent.Realtime.Events;

/// <summary><c>input_audio_buffer.clear</c>: drop the buffered audio.</summary>
public sealed record InputAudioBufferClearEvent : ClientEvent
{
    public override string Type => RealtimeEventTypes.InputAudioBufferClear;
}
