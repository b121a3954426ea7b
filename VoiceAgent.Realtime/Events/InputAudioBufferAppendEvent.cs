namespace VoiceAgent.Realtime.Events;

/// <summary>
/// <c>input_audio_buffer.append</c>: base64-decoded audio. When the parser was given an audio destination the
/// bytes went there and <see cref="Audio"/> is empty; <see cref="AudioLength"/> is the decoded length either way.
/// </summary>
public sealed record InputAudioBufferAppendEvent(ReadOnlyMemory<byte> Audio) : ClientEvent
{
    public int AudioLength { get; init; } = Audio.Length;

    public override string Type => RealtimeEventTypes.InputAudioBufferAppend;
}
