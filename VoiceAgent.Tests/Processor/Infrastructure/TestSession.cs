using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Link;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>
/// One session as the test gateway sees it: sends its uplink messages in order (with <c>useq</c> 1, 2, 3, ...) and
/// collects its downlink events. <see cref="Delivered"/> is what a client would get: the gateway drops an event whose
/// <c>event_id</c> it already delivered; <see cref="Received"/> keeps everything the lite topic carried.
/// </summary>
public sealed class TestSession
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly TestGateway _gateway;
    private readonly Channel<DownlinkEvent> _inbox = Channel.CreateUnbounded<DownlinkEvent>();
    private readonly List<DownlinkEvent> _received = [];
    private readonly List<DownlinkEvent> _delivered = [];
    private readonly HashSet<string> _eventIds = new(StringComparer.Ordinal);
    private long _useq;

    internal TestSession(TestGateway gateway, string id, string connectionId)
    {
        _gateway = gateway;
        Id = id;
        ConnectionId = connectionId;
    }

    public string Id { get; }

    public string ConnectionId { get; private set; }

    /// <summary>The last useq sent.</summary>
    public long Useq => Interlocked.Read(ref _useq);

    public IReadOnlyList<DownlinkEvent> Received
    {
        get
        {
            lock (_received)
            {
                return [.. _received];
            }
        }
    }

    public IReadOnlyList<DownlinkEvent> Delivered
    {
        get
        {
            lock (_received)
            {
                return [.. _delivered];
            }
        }
    }

    public Task SendControlAsync(ControlMessage control) =>
        SendAsync(UplinkMessages.CreateControl(Id, ConnectionId, NextUseq(), control));

    /// <summary>Sends a client event (GA JSON).</summary>
    public Task SendEventAsync(string json) =>
        SendAsync(UplinkMessages.CreateEvent(Id, ConnectionId, NextUseq(), Encoding.UTF8.GetBytes(json)));

    /// <summary>Sends audio in messages of <paramref name="chunkMs"/> each, as the gateway batches frames.</summary>
    public async Task SendAudioAsync(byte[] audio, AudioFormat? format = null, int chunkMs = 100)
    {
        var actual = format ?? AudioFormat.Pcm24k;
        var chunk = actual.GetByteCount(TimeSpan.FromMilliseconds(chunkMs));
        for (var offset = 0; offset < audio.Length; offset += chunk)
        {
            var length = Math.Min(chunk, audio.Length - offset);
            await SendAsync(UplinkMessages.CreateAudio(Id, ConnectionId, NextUseq(), actual, audio.AsMemory(offset, length)));
        }
    }

    /// <summary>The uplink message of a client event with the next <c>useq</c>, to send with <see cref="SendRawAsync"/> (once or more).</summary>
    public VoiceAgent.RocketMQ.Message CreateEvent(string json) =>
        UplinkMessages.CreateEvent(Id, ConnectionId, NextUseq(), Encoding.UTF8.GetBytes(json));

    /// <summary>How many received messages (duplicates included) are of <paramref name="type"/>.</summary>
    public int CountReceived(string type) => Received.Count(e => e.Type == type);

    /// <summary>Sends a message exactly as given (e.g. again, as a redelivery would).</summary>
    public Task SendRawAsync(VoiceAgent.RocketMQ.Message message) => SendAsync(message);

    /// <summary>The next event a client would see, skipping output audio unless <paramref name="includeAudio"/>.</summary>
    public async Task<DownlinkEvent> NextAsync(bool includeAudio = false, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? DefaultWait);
        while (true)
        {
            DownlinkEvent next;
            try
            {
                next = await _inbox.Reader.ReadAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No further event for session {Id} within {timeout ?? DefaultWait}. Delivered so far:\n{Describe()}");
            }

            if (includeAudio || !next.IsAudio)
            {
                return next;
            }
        }
    }

    /// <summary>Reads events until one of <paramref name="type"/> arrives; returns it and everything before it.</summary>
    public async Task<(DownlinkEvent Event, List<DownlinkEvent> Before)> WaitForAsync(string type, TimeSpan? timeout = null)
    {
        var before = new List<DownlinkEvent>();
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultWait;
        while (true)
        {
            var remaining = limit - deadline.Elapsed;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException($"No {type} for session {Id} within {limit}. Delivered so far:\n{Describe()}");
            }

            DownlinkEvent next;
            try
            {
                next = await NextAsync(includeAudio: true, remaining);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"No {type} for session {Id} within {limit}. Delivered so far:\n{Describe()}");
            }

            if (next.Type == type)
            {
                return (next, before);
            }

            before.Add(next);
        }
    }

    /// <summary>Starts a new connection for the session (as a resumed client would): the processor must follow it.</summary>
    public Task ResumeAsync(string connectionId)
    {
        ConnectionId = connectionId;
        Interlocked.Exchange(ref _useq, 0);
        return SendControlAsync(new ControlMessage(ControlMessageTypes.SessionResume, LastSeq: 0));
    }

    public string Describe()
    {
        lock (_received)
        {
            return string.Join('\n', _delivered.Select(e => "  " + (e.IsAudio ? e.ToString() : Truncate(e.ToString()))));
        }
    }

    internal void Receive(DownlinkEvent received)
    {
        lock (_received)
        {
            _received.Add(received);
            if (!_eventIds.Add(received.EventId))
            {
                return;
            }

            _delivered.Add(received);
        }

        _inbox.Writer.TryWrite(received);
    }

    private static string Truncate(string text) => text.Length > 300 ? text[..300] + "..." : text;

    private long NextUseq() => Interlocked.Increment(ref _useq);

    private Task SendAsync(VoiceAgent.RocketMQ.Message message) =>
        _gateway.Producer.SendAsync(message).WaitAsync(TimeSpan.FromSeconds(30));
}
