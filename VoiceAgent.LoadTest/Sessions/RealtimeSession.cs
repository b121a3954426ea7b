using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>
/// One simulated user: connects with the key, configures the session, then speaks turn after turn (audio streamed
/// at real time in 20 ms frames, then commit and response.create, or trailing silence for server VAD) and reads
/// every event until response.done, timing each stage. A connection the gateway drops is resumed on the next
/// gateway with <c>last_seq</c>, as a real client would.
/// </summary>
internal sealed partial class RealtimeSession(
    int index,
    SessionTarget target,
    SessionsSettings settings,
    SpeechAudio audio,
    SessionMetrics metrics,
    RunClock clock)
{
    private const int MaxReconnects = 3;
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SetupTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan CloseTimeout = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReconnectWait = TimeSpan.FromSeconds(35);
    private static readonly byte[] CommitEvent = """{"type":"input_audio_buffer.commit"}"""u8.ToArray();
    private static readonly byte[] ResponseCreateEvent = """{"type":"response.create"}"""u8.ToArray();

    private readonly TaskCompletionSource _created = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _updated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ClientWebSocket? _socket;
    private TurnProbe? _turn;
    private string? _sessionId;
    private string? _resumeToken;
    private long _lastSeq;
    private int _reconnects;
    private volatile bool _closing;
    private volatile bool _lost;

    /// <summary>Runs the session until the window ends and its last turn is answered, or it fails.</summary>
    public async Task RunAsync(CancellationToken abort)
    {
        var settled = false;
        Task? receive = null;
        try
        {
            var started = Stopwatch.GetTimestamp();
            try
            {
                _socket = await ConnectAsync(target.Endpoint(index), abort).ConfigureAwait(false);
            }
            catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException && !abort.IsCancellationRequested)
            {
                metrics.ConnectFailed($"session #{index}: cannot connect to {target.Endpoint(index)}: {e.Message}");
                return;
            }

            receive = ReceiveLoopAsync(abort);
            try
            {
                await _created.Task.WaitAsync(SetupTimeout, abort).ConfigureAwait(false);
                await SendAsync(SessionUpdateJson.Create(settings), WebSocketMessageType.Text, abort).ConfigureAwait(false);
                await _updated.Task.WaitAsync(SetupTimeout, abort).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                metrics.ConnectFailed($"session #{index}: no session.created/session.updated within {SetupTimeout.TotalSeconds:0} s");
                return;
            }

            metrics.Setup.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            clock.SessionSettled();
            settled = true;
            await RunTurnsAsync(abort).ConfigureAwait(false);
        }
        catch (SessionLostException)
        {
            // Counted where the connection was lost.
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
        }
        finally
        {
            if (!settled)
            {
                clock.SessionSettled();
            }

            await CloseAsync(receive).ConfigureAwait(false);
        }
    }

    private async Task RunTurnsAsync(CancellationToken abort)
    {
        var stopping = clock.Stopping;
        var frames = settings.BinaryInput ? audio.Frames : audio.AppendEvents;
        var frameType = settings.BinaryInput ? WebSocketMessageType.Binary : WebSocketMessageType.Text;
        while (!stopping.IsCancellationRequested)
        {
            var probe = new TurnProbe(metrics);
            Volatile.Write(ref _turn, probe);
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < frames.Count; i++)
            {
                if (!probe.Started && stopping.IsCancellationRequested)
                {
                    return;
                }

                var due = TimeSpan.FromMilliseconds(i * SpeechAudio.FrameMilliseconds) - Stopwatch.GetElapsedTime(start);
                if (due > TimeSpan.Zero)
                {
                    await Task.Delay(due, abort).ConfigureAwait(false);
                }

                await SendAsync(frames[i], frameType, abort).ConfigureAwait(false);
                if (settings.ServerVad && i == audio.VoicedFrames - 1)
                {
                    probe.SpeechEnded(clock.IsMeasuring);
                }
            }

            if (!settings.ServerVad)
            {
                probe.SpeechEnded(clock.IsMeasuring);
                await SendAsync(CommitEvent, WebSocketMessageType.Text, abort).ConfigureAwait(false);
                await SendAsync(ResponseCreateEvent, WebSocketMessageType.Text, abort).ConfigureAwait(false);
            }

            string status;
            try
            {
                status = await probe.Done.WaitAsync(settings.TurnTimeout, abort).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                metrics.TurnTimedOut(_sessionId ?? $"#{index}");
                return;
            }

            if (_lost)
            {
                return;
            }

            if (status != "completed")
            {
                metrics.FailedResponse(status);
            }
            else if (probe.Measured)
            {
                metrics.TurnCompleted();
            }

            if (settings.Pause > TimeSpan.Zero && !stopping.IsCancellationRequested)
            {
                await Task.Delay(settings.Pause, abort).ConfigureAwait(false);
            }
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(Uri endpoint, CancellationToken abort)
    {
        var socket = new ClientWebSocket();
        try
        {
            if (!string.IsNullOrEmpty(target.ApiKey))
            {
                socket.Options.SetRequestHeader("Authorization", "Bearer " + target.ApiKey);
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(abort);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(endpoint, timeout.Token).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Sends on the current connection; when it broke, waits for the receive loop to resume the session and sends again.</summary>
    private async Task SendAsync(ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken abort)
    {
        while (true)
        {
            var socket = Volatile.Read(ref _socket)!;
            try
            {
                await socket.SendAsync(message, type, endOfMessage: true, abort).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (e is WebSocketException or ObjectDisposedException or IOException && !abort.IsCancellationRequested)
            {
                await WaitForNewConnectionAsync(socket, abort).ConfigureAwait(false);
            }
        }
    }

    private async Task WaitForNewConnectionAsync(ClientWebSocket broken, CancellationToken abort)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(ReconnectWait.TotalSeconds * Stopwatch.Frequency);
        while (Volatile.Read(ref _socket) == broken)
        {
            if (_lost || Stopwatch.GetTimestamp() > deadline)
            {
                throw new SessionLostException();
            }

            // Polling a field the receive loop sets: reconnects are rare, and a send waits for at most one.
            await Task.Delay(20, abort).ConfigureAwait(false);
        }
    }

    private async Task ReceiveLoopAsync(CancellationToken abort)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        while (true)
        {
            var socket = Volatile.Read(ref _socket)!;
            string? failure;
            try
            {
                var type = await ReceiveMessageAsync(socket, buffer, abort).ConfigureAwait(false);
                if (type != WebSocketMessageType.Close)
                {
                    var now = Stopwatch.GetTimestamp();
                    if (type == WebSocketMessageType.Binary)
                    {
                        OnBinary(buffer.WrittenSpan, now);
                    }
                    else
                    {
                        OnText(buffer.WrittenSpan, now);
                    }

                    continue;
                }

                failure = $"the gateway closed the connection ({(int?)socket.CloseStatus} {socket.CloseStatusDescription})";
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is WebSocketException or IOException or ObjectDisposedException)
            {
                failure = $"the connection failed: {e.Message}";
            }

            if (_closing || !await ResumeAsync(socket, failure, abort).ConfigureAwait(false))
            {
                return;
            }
        }
    }

    private static async Task<WebSocketMessageType> ReceiveMessageAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken abort)
    {
        buffer.ResetWrittenCount();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer.GetMemory(8 * 1024), abort).ConfigureAwait(false);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return WebSocketMessageType.Close;
            }

            buffer.Advance(result.Count);
            if (result.EndOfMessage)
            {
                return result.MessageType;
            }
        }
    }

    /// <summary>Resumes the session on the next gateway after everything up to the last seq received; false when it cannot.</summary>
    private async Task<bool> ResumeAsync(ClientWebSocket broken, string failure, CancellationToken abort)
    {
        var description = $"session {_sessionId ?? "#" + index}: {failure}";
        if (_sessionId is null || _resumeToken is null || _reconnects >= MaxReconnects)
        {
            Lose(description);
            return false;
        }

        _reconnects++;
        var query = $"session_id={Uri.EscapeDataString(_sessionId)}&resume_token={Uri.EscapeDataString(_resumeToken)}&last_seq={_lastSeq}";
        try
        {
            var socket = await ConnectAsync(target.Endpoint(index + _reconnects, query), abort).ConfigureAwait(false);
            Volatile.Write(ref _socket, socket);
            broken.Dispose();
            metrics.Reconnected();
            return true;
        }
        catch (Exception e) when (e is WebSocketException or HttpRequestException or OperationCanceledException && !abort.IsCancellationRequested)
        {
            Lose($"{description}; resuming failed: {e.Message}");
            return false;
        }
    }

    private void Lose(string description)
    {
        metrics.ClosedUnexpectedly(description);
        _lost = true;
        _created.TrySetException(new SessionLostException());
        _updated.TrySetException(new SessionLostException());
        Volatile.Read(ref _turn)?.Abandon();
    }

    private async Task CloseAsync(Task? receive)
    {
        _closing = true;
        var socket = Volatile.Read(ref _socket);
        if (socket is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(CloseTimeout);
            if (socket.State == WebSocketState.Open)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "done", timeout.Token).ConfigureAwait(false);
            }

            if (receive is not null)
            {
                await receive.WaitAsync(CloseTimeout).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or IOException or OperationCanceledException or TimeoutException or ObjectDisposedException)
        {
            // The session is over either way.
        }
        finally
        {
            Volatile.Read(ref _socket)?.Dispose();
        }
    }
}
