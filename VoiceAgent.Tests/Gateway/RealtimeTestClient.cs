using System.Buffers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using VoiceAgent.Realtime.Events;

namespace VoiceAgent.Tests.Gateway;

/// <summary>
/// A Realtime API client for tests (gateway and end-to-end): connects with a key (header or browser subprotocol),
/// new or resuming, sends events and audio (JSON or binary), reads events checking that seq only goes up, and
/// remembers the session id, the latest resume token and the last seq for a resume.
/// </summary>
public sealed class RealtimeTestClient : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly List<ServerFrame> _frames = [];
    private byte[] _buffer = new byte[64 * 1024];

    private RealtimeTestClient(ClientWebSocket socket)
    {
        _socket = socket;
    }

    public ClientWebSocket Socket => _socket;

    public string? SessionId { get; private set; }

    public string? ResumeToken { get; private set; }

    /// <summary>The highest seq received.</summary>
    public long LastSeq { get; private set; }

    /// <summary>Every frame received so far, in order.</summary>
    public IReadOnlyList<ServerFrame> Frames => _frames;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseDescription => _socket.CloseStatusDescription;

    /// <summary>How to connect.</summary>
    public sealed record Options
    {
        public string? ApiKey { get; init; } = GatewayHost.DefaultApiKey;

        /// <summary>Send the key as browsers do: subprotocols <c>realtime</c> and <c>openai-insecure-api-key.KEY</c>.</summary>
        public bool KeyInSubprotocol { get; init; }

        /// <summary>Send <c>OpenAI-Beta: realtime=v1</c>.</summary>
        public bool Beta { get; init; }

        public string? SessionId { get; init; }

        public string? ResumeToken { get; init; }

        public long? LastSeq { get; init; }
    }

    public static Task<RealtimeTestClient> ConnectAsync(Uri realtimeUri, Options? options = null, TimeSpan? timeout = null) =>
        ConnectAsync(realtimeUri, options ?? new Options(), timeout ?? TimeSpan.FromSeconds(15));

    /// <summary>Reconnects to <paramref name="realtimeUri"/> resuming <paramref name="previous"/>'s session after its last seq.</summary>
    public static Task<RealtimeTestClient> ResumeAsync(Uri realtimeUri, RealtimeTestClient previous, long? lastSeq = null, Options? options = null) =>
        ConnectAsync(realtimeUri, (options ?? new Options()) with
        {
            SessionId = previous.SessionId,
            ResumeToken = previous.ResumeToken,
            LastSeq = lastSeq ?? previous.LastSeq,
        });

    private static async Task<RealtimeTestClient> ConnectAsync(Uri realtimeUri, Options options, TimeSpan timeout)
    {
        var socket = new ClientWebSocket();
        if (options.ApiKey is not null)
        {
            if (options.KeyInSubprotocol)
            {
                socket.Options.AddSubProtocol("realtime");
                socket.Options.AddSubProtocol("openai-insecure-api-key." + options.ApiKey);
            }
            else
            {
                socket.Options.SetRequestHeader("Authorization", "Bearer " + options.ApiKey);
            }
        }

        if (options.Beta)
        {
            socket.Options.SetRequestHeader("OpenAI-Beta", "realtime=v1");
        }

        var uri = realtimeUri;
        if (options.SessionId is not null)
        {
            var separator = string.IsNullOrEmpty(realtimeUri.Query) ? "?" : "&";
            uri = new Uri($"{realtimeUri}{separator}session_id={Uri.EscapeDataString(options.SessionId)}&resume_token={Uri.EscapeDataString(options.ResumeToken ?? "")}&last_seq={options.LastSeq ?? 0}");
        }

        socket.Options.CollectHttpResponseDetails = true;
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await socket.ConnectAsync(uri, cts.Token);
        }
        catch (WebSocketException e)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new RealtimeConnectException(status, e);
        }

        return new RealtimeTestClient(socket) { SessionId = options.SessionId, ResumeToken = options.ResumeToken, LastSeq = options.LastSeq ?? 0 };
    }

    public Task SendJsonAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

    public Task SendEventAsync(ClientEvent clientEvent) =>
        _socket.SendAsync(ClientEventWriter.ToUtf8(clientEvent), WebSocketMessageType.Text, true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

    /// <summary>Sends input audio: a binary frame, or an <c>input_audio_buffer.append</c> with base64.</summary>
    public Task SendAudioAsync(byte[] audio, bool binary = false) => binary
        ? _socket.SendAsync(audio, WebSocketMessageType.Binary, true, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10))
        : SendEventAsync(new InputAudioBufferAppendEvent(audio));

    /// <summary>The next frame; throws when the connection closes first or nothing comes within the timeout (10 s).</summary>
    public async Task<ServerFrame> ReceiveAsync(TimeSpan? timeout = null)
    {
        var frame = await ReceiveOrNullAsync(timeout ?? TimeSpan.FromSeconds(10), "an event");
        return frame ?? throw new InvalidOperationException($"The connection closed ({CloseStatus} {CloseDescription}) while an event was awaited.");
    }

    /// <summary>Frames until one of type <paramref name="type"/>, which is returned (the others are in <see cref="Frames"/>).</summary>
    public async Task<ServerFrame> ExpectAsync(string type, TimeSpan? timeout = null)
    {
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var frame = await ReceiveOrNullAsync(deadline - DateTimeOffset.UtcNow, $"a {type} event")
                ?? throw new InvalidOperationException($"The connection closed ({CloseStatus} {CloseDescription}) before a {type} event. Received: {string.Join("\n", _frames)}");
            if (frame.Type == type)
            {
                return frame;
            }
        }
    }

    /// <summary>Frames until <paramref name="match"/> holds for one; returns them all, the match last.</summary>
    public async Task<List<ServerFrame>> ReceiveUntilAsync(Func<ServerFrame, bool> match, TimeSpan? timeout = null)
    {
        var frames = new List<ServerFrame>();
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (true)
        {
            var frame = await ReceiveOrNullAsync(deadline - DateTimeOffset.UtcNow, "the awaited event")
                ?? throw new InvalidOperationException($"The connection closed ({CloseStatus} {CloseDescription}) first. Received: {string.Join("\n", frames)}");
            frames.Add(frame);
            if (match(frame))
            {
                return frames;
            }
        }
    }

    /// <summary>Reads until the server closes; returns the frames read on the way.</summary>
    public async Task<List<ServerFrame>> WaitForCloseAsync(TimeSpan? timeout = null)
    {
        var frames = new List<ServerFrame>();
        var deadline = DateTimeOffset.UtcNow + (timeout ?? TimeSpan.FromSeconds(15));
        while (await ReceiveOrNullAsync(deadline - DateTimeOffset.UtcNow, "the close") is { } frame)
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>Closes from the client's side.</summary>
    public async Task CloseAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", cts.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Drops the TCP connection without a close handshake (a client that vanished).</summary>
    public void Kill() => _socket.Abort();

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        _socket.Dispose();
    }

    /// <summary>The next frame, null once the connection closed; a <see cref="TimeoutException"/> listing what came when nothing does.</summary>
    private async Task<ServerFrame?> ReceiveOrNullAsync(TimeSpan timeout, string awaited)
    {
        using var cts = new CancellationTokenSource(timeout > TimeSpan.Zero ? timeout : TimeSpan.FromMilliseconds(1));
        try
        {
            return await TryReceiveAsync(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            throw new TimeoutException($"No {awaited} within {timeout.TotalSeconds:F1} s. Received: {string.Join("\n", _frames.TakeLast(20))}");
        }
    }

    private async Task<ServerFrame?> TryReceiveAsync(CancellationToken cancellationToken)
    {
        var length = 0;
        ValueWebSocketReceiveResult result;
        do
        {
            if (length == _buffer.Length)
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }

            try
            {
                result = await _socket.ReceiveAsync(_buffer.AsMemory(length), cancellationToken);
            }
            catch (WebSocketException) when (_socket.State is WebSocketState.Aborted or WebSocketState.Closed)
            {
                return null;
            }

            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            length += result.Count;
        }
        while (!result.EndOfMessage);

        var frame = result.MessageType == WebSocketMessageType.Binary ? ParseBinary(length) : ParseText(length);
        if (frame.Seq is { } seq)
        {
            if (seq <= LastSeq)
            {
                throw new InvalidOperationException($"seq {seq} after seq {LastSeq}: delivered twice or out of order. Frame: {frame}");
            }

            LastSeq = Math.Max(LastSeq, seq);
        }

        Remember(frame);
        _frames.Add(frame);
        return frame;
    }

    private ServerFrame ParseBinary(int length)
    {
        Assert.True(ServerEventFrames.TryReadBinaryAudioSeq(_buffer.AsSpan(0, length), out var seq), "a binary frame shorter than its seq");
        return new ServerFrame("binary_audio", seq, default, _buffer.AsSpan(ServerEventFrames.BinaryAudioHeaderLength, length - ServerEventFrames.BinaryAudioHeaderLength).ToArray(), DateTimeOffset.UtcNow);
    }

    private ServerFrame ParseText(int length)
    {
        var json = JsonDocument.Parse(_buffer.AsMemory(0, length)).RootElement.Clone();
        var type = json.TryGetProperty("type", out var t) ? t.GetString() : null;
        long? seq = json.TryGetProperty("seq", out var s) ? s.GetInt64() : null;
        return new ServerFrame(type, seq, json, null, DateTimeOffset.UtcNow);
    }

    private void Remember(ServerFrame frame)
    {
        if (frame.Type is "session.created" or "session.resumed" or "session.updated" && frame.Json.TryGetProperty("session", out var session))
        {
            if (session.TryGetProperty("id", out var id) && id.GetString() is { } sessionId)
            {
                SessionId = sessionId;
            }

            if (session.TryGetProperty("resume_token", out var token) && token.GetString() is { } resumeToken)
            {
                ResumeToken = resumeToken;
            }
        }
    }
}
