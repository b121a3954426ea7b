using System.Net.WebSockets;
using VoiceAgent.Realtime.Json;

namespace VoiceAgent.Gateway.Connections;

/// <summary>A frame waiting for the socket: its bytes (pooled), audio duration for pacing, and what became of it.</summary>
internal sealed class OutboundFrame
{
    private readonly TaskCompletionSource<FrameOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private PooledBufferWriter? _buffer;

    public OutboundFrame(PooledBufferWriter buffer, WebSocketMessageType type, TimeSpan audioDuration = default, string? responseId = null, bool droppable = false)
    {
        _buffer = buffer;
        Type = type;
        AudioDuration = audioDuration;
        ResponseId = responseId;
        Droppable = droppable;
    }

    public WebSocketMessageType Type { get; }

    /// <summary>How long the audio in this frame plays; zero for events.</summary>
    public TimeSpan AudioDuration { get; }

    /// <summary>The response a delta belongs to.</summary>
    public string? ResponseId { get; }

    /// <summary>A delta that is dropped when its response was cancelled.</summary>
    public bool Droppable { get; }

    public ReadOnlyMemory<byte> Payload => _buffer?.WrittenMemory ?? ReadOnlyMemory<byte>.Empty;

    public Task<FrameOutcome> Completion => _completion.Task;

    /// <summary>Sets the outcome and returns the buffer to the pool; later calls do nothing.</summary>
    public void Complete(FrameOutcome outcome)
    {
        if (_completion.TrySetResult(outcome))
        {
            Interlocked.Exchange(ref _buffer, null)?.Dispose();
        }
    }
}
