using System.Net.WebSockets;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Json;

namespace VoiceAgent.Tests.Gateway;

/// <summary>
/// A client streaming input audio as fast as its socket takes it: numbered chunks, alternately binary frames and
/// base64 <c>input_audio_buffer.append</c> events, each send awaited without a timeout (a send that does not complete
/// is the backpressure). <see cref="ExpectedAudio"/> is what the processor must receive for the chunks sent.
/// </summary>
internal sealed class AudioFlood
{
    private readonly WebSocket _socket;
    private readonly int _chunkBytes;
    private readonly int _maxChunks;
    private readonly CancellationTokenSource _stop = new();
    private long _chunksSent;
    private long _wireBytesSent;
    private Task _running = Task.CompletedTask;

    public AudioFlood(WebSocket socket, int chunkBytes, int maxChunks)
    {
        _socket = socket;
        _chunkBytes = chunkBytes;
        _maxChunks = maxChunks;
    }

    /// <summary>Chunks whose send completed.</summary>
    public long ChunksSent => Interlocked.Read(ref _chunksSent);

    /// <summary>Bytes of the frames whose send completed (base64 and JSON included).</summary>
    public long WireBytesSent => Interlocked.Read(ref _wireBytesSent);

    /// <summary>Completes when the flood ended: stopped, every chunk sent, or the socket failed (then faulted).</summary>
    public Task Completion => _running;

    public void Start() => _running = Task.Run(RunAsync);

    /// <summary>Sends no chunk after the one in flight.</summary>
    public void Stop() => _stop.Cancel();

    /// <summary>Waits until no send has completed for <paramref name="quiet"/>; false when all chunks went out first.</summary>
    public async Task<bool> WaitUntilBlockedAsync(TimeSpan quiet, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        var last = -1L;
        var since = DateTimeOffset.UtcNow;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (_running.IsCompleted)
            {
                await _running;
                return false;
            }

            var now = ChunksSent;
            if (now != last)
            {
                last = now;
                since = DateTimeOffset.UtcNow;
            }
            else if (DateTimeOffset.UtcNow - since >= quiet)
            {
                return true;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"The client's sends kept completing for {timeout.TotalSeconds:F0} s ({WireBytesSent} bytes).");
    }

    /// <summary>The audio of the first <paramref name="chunks"/> chunks, concatenated.</summary>
    public byte[] ExpectedAudio(long chunks)
    {
        var all = new byte[chunks * _chunkBytes];
        for (var i = 0; i < chunks; i++)
        {
            Fill(i, all.AsSpan(i * _chunkBytes, _chunkBytes));
        }

        return all;
    }

    private void Fill(int index, Span<byte> chunk)
    {
        // Every chunk differs from its neighbours, so a lost, repeated or reordered chunk changes the sequence.
        for (var j = 0; j < chunk.Length; j += 4)
        {
            BitConverter.TryWriteBytes(chunk[j..], (index * 7919) + j);
        }
    }

    private async Task RunAsync()
    {
        var audio = new byte[_chunkBytes];
        for (var i = 0; i < _maxChunks && !_stop.IsCancellationRequested; i++)
        {
            Fill(i, audio);
            if (i % 2 == 0)
            {
                await _socket.SendAsync(audio, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None);
                Interlocked.Add(ref _wireBytesSent, audio.Length);
            }
            else
            {
                var json = ClientEventWriter.ToUtf8(new InputAudioBufferAppendEvent(audio));
                await _socket.SendAsync(json, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
                Interlocked.Add(ref _wireBytesSent, json.Length);
            }

            Interlocked.Increment(ref _chunksSent);
        }
    }
}
