using System.Buffers;
using System.Diagnostics;
using System.IO.Pipelines;
using System.Net;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Grpc;

/// <summary>The server side of one call on Kestrel: request body frames in, response frames and status out.</summary>
internal sealed partial class HttpContextServerCallContext : ServerCallContext, IDisposable
{
    private readonly HttpContext _httpContext;
    private readonly GrpcServerOptions _options;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _callCts;
    private readonly FrameBufferWriter _frames = new();
    private ITimer? _deadlineTimer;
    private ITimer? _receiveTimer;
    private long _receiveStartedAt;
    private volatile bool _receiveTimerArmed;
    private volatile bool _receiveTimedOut;
    private bool _singleRequest;
    private Metadata? _requestHeaders;
    private Metadata? _responseTrailers;
    private string? _peer;
    private volatile bool _deadlineExceeded;
    private int _writing;
    private bool _responseStarted;

    public HttpContextServerCallContext(HttpContext httpContext, string method, GrpcServerOptions options, ILogger logger)
    {
        _httpContext = httpContext;
        _options = options;
        _logger = logger;
        Method = method;
        _callCts = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted);
    }

    public override string Method { get; }

    public override string Peer => _peer ??= FormatPeer(_httpContext.Connection.RemoteIpAddress, _httpContext.Connection.RemotePort);

    public override DateTime Deadline => DeadlineValue;

    public override Metadata RequestHeaders => _requestHeaders ??= MetadataConverter.FromHeaders(_httpContext.Request.Headers);

    public override CancellationToken CancellationToken => _callCts.Token;

    public override string? GetRequestHeader(string key)
    {
        if (_requestHeaders is not null)
        {
            return _requestHeaders.GetValue(key);
        }

        // What RequestHeaders would hold: no protocol headers, no binary values, no names that are not metadata keys.
        if (GrpcProtocol.IsReservedHeader(key) || key.EndsWith(Metadata.BinarySuffix, StringComparison.OrdinalIgnoreCase) || !Metadata.IsValidKey(key))
        {
            return null;
        }

        var values = _httpContext.Request.Headers[key];
        return values.Count == 0 ? null : values[^1];
    }

    public override Metadata ResponseTrailers => _responseTrailers ??= [];

    public override GrpcStatus Status { get; set; } = GrpcStatus.Ok;

    private DateTime DeadlineValue { get; set; } = DateTime.MaxValue;

    /// <summary>Reads the deadline, sets the response headers and lifts Kestrel's body limits, which do not fit long streams.</summary>
    public void Initialize(bool singleRequest)
    {
        _singleRequest = singleRequest;
        var response = _httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = GrpcProtocol.ContentType;

        var features = _httpContext.Features;
        if (features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } maxBodySize)
        {
            maxBodySize.MaxRequestBodySize = null;
        }

        if (!singleRequest && features.Get<IHttpMinRequestBodyDataRateFeature>() is { } minRate)
        {
            minRate.MinDataRate = null;
        }

        var timeoutHeader = _httpContext.Request.Headers[GrpcProtocol.TimeoutHeader].ToString();
        if (timeoutHeader.Length == 0)
        {
            return;
        }

        if (!GrpcTimeout.TryParse(timeoutHeader, out var timeout))
        {
            Log.InvalidTimeout(_logger, timeoutHeader, Method);
            return;
        }

        var now = DateTime.UtcNow;
        if (timeout >= DateTime.MaxValue - now)
        {
            return;
        }

        DeadlineValue = now + timeout;

        // Timers are limited to about 49 days; a longer deadline never fires here.
        if (timeout.TotalMilliseconds < uint.MaxValue - 1)
        {
            _deadlineTimer = TimeProvider.System.CreateTimer(
                static state => ((HttpContextServerCallContext)state!).OnDeadline(), this, timeout, Timeout.InfiniteTimeSpan);
        }
    }

    public override async Task WriteResponseHeadersAsync(Metadata responseHeaders)
    {
        ArgumentNullException.ThrowIfNull(responseHeaders);
        if (_responseStarted)
        {
            throw new InvalidOperationException("Response headers can be written only once, before the first message.");
        }

        MetadataConverter.AddTo(responseHeaders, _httpContext.Response.Headers);
        _responseStarted = true;
        await _httpContext.Response.BodyWriter.FlushAsync(_callCts.Token).ConfigureAwait(false);
    }

    public override HttpContext GetHttpContext() => _httpContext;

    /// <summary>Reads the only request message of a unary or server streaming call.</summary>
    public async Task<T> ReadSingleMessageAsync<T>(Marshaller<T> marshaller)
    {
        // The whole request, up to the end of its stream, is bounded by MessageReceiveTimeout.
        StartReceiveBound();
        try
        {
            var (hasMessage, message) = await ReadMessageAsync(marshaller, CancellationToken.None).ConfigureAwait(false);
            if (!hasMessage)
            {
                throw new RpcException(new GrpcStatus(GrpcStatusCode.Unimplemented, "The request has no message; this method expects exactly one."));
            }

            var (hasAnother, _) = await ReadMessageAsync(marshaller, CancellationToken.None).ConfigureAwait(false);
            if (hasAnother)
            {
                throw new RpcException(new GrpcStatus(GrpcStatusCode.Unimplemented, "The request has more than one message; this method expects exactly one."));
            }

            return message!;
        }
        finally
        {
            EndReceiveBound();
        }
    }

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<(bool HasMessage, T? Message)> ReadMessageAsync<T>(Marshaller<T> marshaller, CancellationToken cancellationToken)
    {
        var reader = _httpContext.Request.BodyReader;
        using var linked = cancellationToken.CanBeCanceled && cancellationToken != _callCts.Token
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callCts.Token)
            : null;
        var token = linked?.Token ?? _callCts.Token;

        while (true)
        {
            var reading = reader.ReadAsync(token);
            if (!reading.IsCompleted)
            {
                // Only now is there anything to wait for; the timer runs only while a bounded receive is under way.
                ArmReceiveTimer();
            }

            ReadResult result;
            try
            {
                result = await reading.ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_receiveTimedOut)
            {
                throw new RpcException(ReceiveTimeoutStatus);
            }

            var buffer = result.Buffer;
            bool hasFrame;
            ReadOnlySequence<byte> payload;
            SequencePosition frameEnd;
            try
            {
                hasFrame = FrameReader.TryReadFrame(buffer, _options.MaxReceiveMessageSize, out payload, out frameEnd);
            }
            catch
            {
                reader.AdvanceTo(buffer.Start);
                throw;
            }

            if (hasFrame)
            {
                T message;
                try
                {
                    message = marshaller.Deserialize(payload);
                }
                catch (Exception ex)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new RpcException(new GrpcStatus(GrpcStatusCode.Internal, "Failed to deserialize the request message.") { DebugException = ex });
                }

                reader.AdvanceTo(frameEnd);
                if (!_singleRequest)
                {
                    EndReceiveBound();
                }

                return (true, message);
            }

            if (result.IsCompleted)
            {
                reader.AdvanceTo(buffer.End);
                return buffer.IsEmpty ? (false, default) : throw FrameReader.IncompleteMessage();
            }

            if (!buffer.IsEmpty)
            {
                // Part of a message is buffered: from now on it must be completed within MessageReceiveTimeout.
                StartReceiveBound();
            }

            reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    /// <summary>Writes one message; with <paramref name="flush"/> it is sent at once. One write at a time.</summary>
    public Task WriteMessageAsync<T>(Marshaller<T> marshaller, T message, bool flush, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _writing, 1) == 1)
        {
            throw new InvalidOperationException("A write is already in progress; wait for it before writing again.");
        }

        ValueTask<FlushResult> flushing;
        try
        {
            if (_deadlineExceeded)
            {
                throw new RpcException(DeadlineStatus);
            }

            _callCts.Token.ThrowIfCancellationRequested();
            var frame = _frames.WriteFrame(marshaller, message, _options.MaxSendMessageSize);
            var writer = _httpContext.Response.BodyWriter;
            writer.Write(frame.Span);
            _frames.Reset();
            _responseStarted = true;
            if (!flush)
            {
                Volatile.Write(ref _writing, 0);
                return Task.CompletedTask;
            }

            flushing = writer.FlushAsync(cancellationToken.CanBeCanceled ? cancellationToken : _callCts.Token);
        }
        catch
        {
            Volatile.Write(ref _writing, 0);
            throw;
        }

        if (flushing.IsCompletedSuccessfully)
        {
            return EndWrite(flushing.Result);
        }

        return AwaitFlushAsync(flushing);
    }

    /// <summary>Ends the call with <see cref="Status"/> (or the deadline), as trailers or, before any message, trailers-only.</summary>
    public Task EndCallAsync() => WriteStatusAsync(_deadlineExceeded ? DeadlineStatus : _receiveTimedOut ? ReceiveTimeoutStatus : Status);

    /// <summary>Ends the call after the handler threw.</summary>
    public Task EndCallAsync(Exception exception)
    {
        GrpcStatus status;
        if (_deadlineExceeded)
        {
            Log.DeadlineExceeded(_logger, Method);
            status = DeadlineStatus;
        }
        else if (_receiveTimedOut)
        {
            Log.ReceiveTimedOut(_logger, Method, _options.MessageReceiveTimeout ?? TimeSpan.Zero);
            status = ReceiveTimeoutStatus;
        }
        else if (exception is RpcException rpc)
        {
            status = rpc.Status;
            foreach (var entry in rpc.Trailers)
            {
                if (entry.IsBinary)
                {
                    ResponseTrailers.Add(entry.Key, entry.ValueBytes!);
                }
                else
                {
                    ResponseTrailers.Add(entry.Key, entry.Value!);
                }
            }

            Log.RpcError(_logger, Method, status.StatusCode, status.Detail);
        }
        else if (_httpContext.RequestAborted.IsCancellationRequested)
        {
            Log.CallCancelled(_logger, Method);
            return Task.CompletedTask;
        }
        else if (_options.ExceptionToStatus?.Invoke(exception) is { } mapped)
        {
            // The host said what this exception means: an expected failure, not worth an error log per request.
            Log.HandlerExceptionMapped(_logger, exception, Method, mapped.StatusCode);
            status = mapped;
        }
        else
        {
            Log.HandlerFailed(_logger, exception, Method);
            status = new GrpcStatus(
                GrpcStatusCode.Internal,
                _options.EnableDetailedErrors ? $"Exception was thrown by handler. {exception.GetType().Name}: {exception.Message}" : "Exception was thrown by handler.");
        }

        return WriteStatusAsync(status);
    }

    public void Dispose()
    {
        _deadlineTimer?.Dispose();
        _receiveTimer?.Dispose();
        _callCts.Dispose();
        _frames.Dispose();
    }

    private Task EndWrite(FlushResult result)
    {
        Volatile.Write(ref _writing, 0);
        return result.IsCompleted || result.IsCanceled
            ? Task.FromException(new OperationCanceledException("The client is gone.", _callCts.Token))
            : Task.CompletedTask;
    }

    private async Task AwaitFlushAsync(ValueTask<FlushResult> flushing)
    {
        FlushResult result;
        try
        {
            result = await flushing.ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref _writing, 0);
            throw;
        }

        await EndWrite(result).ConfigureAwait(false);
    }

    private static GrpcStatus DeadlineStatus => new(GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded");

    private GrpcStatus ReceiveTimeoutStatus => new(
        GrpcStatusCode.DeadlineExceeded,
        $"The request message did not arrive within the server's receive timeout ({_options.MessageReceiveTimeout?.TotalSeconds:0.###} s).");

    /// <summary>The status the call ended with: CANCELLED when the client left first.</summary>
    public GrpcStatusCode FinalStatusCode { get; private set; } = GrpcStatusCode.Cancelled;

    private Task WriteStatusAsync(GrpcStatus status)
    {
        if (_httpContext.RequestAborted.IsCancellationRequested)
        {
            return Task.CompletedTask;
        }

        FinalStatusCode = status.StatusCode;

        var response = _httpContext.Response;
        if (!_responseStarted && !response.HasStarted)
        {
            ServerCallHandler.WriteTrailersOnly(response, status, _responseTrailers);
            return Task.CompletedTask;
        }

        response.AppendTrailer(GrpcProtocol.StatusTrailer, ((int)status.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (status.Detail.Length > 0)
        {
            response.AppendTrailer(GrpcProtocol.MessageTrailer, PercentEncoding.Encode(status.Detail));
        }

        if (_responseTrailers is { Count: > 0 } trailers)
        {
            MetadataConverter.AddTrailersTo(trailers, response);
        }

        return Task.CompletedTask;
    }

    /// <summary>Starts the clock of a bounded receive (a single request, or a message that has started) unless it runs.</summary>
    private void StartReceiveBound()
    {
        if (_receiveStartedAt == 0 && _options.MessageReceiveTimeout is not null)
        {
            _receiveStartedAt = Stopwatch.GetTimestamp();
        }
    }

    private void EndReceiveBound()
    {
        _receiveStartedAt = 0;
        if (_receiveTimerArmed)
        {
            _receiveTimerArmed = false;
            _receiveTimer!.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Makes the timer fire when the running bounded receive runs out of time; one timer per call at most, made only when a read has to wait.</summary>
    private void ArmReceiveTimer()
    {
        if (_receiveTimerArmed || _receiveStartedAt == 0 || _options.MessageReceiveTimeout is not { } limit)
        {
            return;
        }

        var remaining = limit - Stopwatch.GetElapsedTime(_receiveStartedAt);
        if (remaining < TimeSpan.FromMilliseconds(1))
        {
            remaining = TimeSpan.FromMilliseconds(1);
        }

        _receiveTimerArmed = true;
        if (_receiveTimer is null)
        {
            _receiveTimer = TimeProvider.System.CreateTimer(
                static state => ((HttpContextServerCallContext)state!).OnReceiveTimeout(), this, remaining, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _receiveTimer.Change(remaining, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnReceiveTimeout()
    {
        // A message that completed as the timer fired has disarmed it.
        if (!_receiveTimerArmed)
        {
            return;
        }

        _receiveTimedOut = true;
        try
        {
            _callCts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended as the timer fired.
        }
    }

    private void OnDeadline()
    {
        _deadlineExceeded = true;
        try
        {
            _callCts.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // The call ended as the deadline passed.
        }
    }

    private static string FormatPeer(IPAddress? address, int port)
    {
        if (address is null)
        {
            return "unknown";
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetworkV6 ? $"ipv6:[{address}]:{port}" : $"ipv4:{address}:{port}";
    }
}
