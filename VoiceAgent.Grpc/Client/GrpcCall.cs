using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Runtime.CompilerServices;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Grpc;

/// <summary>
/// One client call: sends the HTTP/2 request, reads frames from the response body with a PipeReader and
/// settles the status from trailers, a trailers-only response, an HTTP error, a deadline or a cancellation.
/// </summary>
internal sealed class GrpcCall<TRequest, TResponse> : IDisposable
{
    private static readonly StreamPipeReaderOptions ReaderOptions = new(bufferSize: 16 * 1024, minimumReadSize: 1024, leaveOpen: true);

    private readonly GrpcChannel _channel;
    private readonly Method<TRequest, TResponse> _method;
    private readonly CallOptions _options;
    private readonly CancellationTokenSource _callCts = new();
    private readonly TaskCompletionSource<Metadata> _responseHeaders = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _lock = new();
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private HttpRequestMessage? _request;
    private HttpResponseMessage? _response;
    private PipeReader? _responseReader;
    private Task<bool> _responseReady = Task.FromResult(false);
    private StreamingRequestContent? _requestContent;
    private FrameBufferWriter? _requestFrames;
    private CancellationTokenRegistration _cancellationRegistration;
    private ITimer? _deadlineTimer;
    private GrpcStatus? _status;
    private Metadata? _trailers;
    private bool _writing;
    private bool _requestCompleted;

    public GrpcCall(GrpcChannel channel, Method<TRequest, TResponse> method, CallOptions options)
    {
        _channel = channel;
        _method = method;
        _options = options;
        ResponseStream = new ResponseStreamReader(this);
        RequestStream = new RequestStreamWriter(this);
    }

    public Task<Metadata> ResponseHeadersAsync => _responseHeaders.Task;

    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    public IClientStreamWriter<TRequest> RequestStream { get; }

    private bool IsFinished
    {
        get
        {
            lock (_lock)
            {
                return _status is not null;
            }
        }
    }

    public void StartWithMessage(TRequest request)
    {
        var frames = new FrameBufferWriter();
        ReadOnlyMemory<byte> frame;
        try
        {
            frame = frames.WriteFrame(_method.RequestMarshaller, request, _channel.MaxSendMessageSize);
        }
        catch (Exception ex)
        {
            frames.Dispose();
            Finish(ex is RpcException rpc ? rpc.Status : new GrpcStatus(GrpcStatusCode.Internal, "Failed to serialize the request message.") { DebugException = ex });
            return;
        }

        Start(new FrameContent(frames, frame));
    }

    public void StartStreaming()
    {
        _requestFrames = new FrameBufferWriter();
        _requestContent = new StreamingRequestContent();
        Start(_requestContent);
    }

    public GrpcStatus GetStatus()
    {
        lock (_lock)
        {
            return _status ?? throw new InvalidOperationException("The call has not finished yet.");
        }
    }

    public Metadata GetTrailers()
    {
        lock (_lock)
        {
            return _status is null ? throw new InvalidOperationException("The call has not finished yet.") : _trailers ?? [];
        }
    }

    /// <summary>Reads the single response of a unary or client streaming call.</summary>
    public async Task<TResponse> ReadUnaryResponseAsync()
    {
        var (hasMessage, message) = await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false);
        if (hasMessage)
        {
            var (hasAnother, _) = await ReadMessageAsync(CancellationToken.None).ConfigureAwait(false);
            if (hasAnother)
            {
                CancelWith(new GrpcStatus(GrpcStatusCode.Unimplemented, "The server sent more than one response message to a call that expects one."));
            }
        }
        else if (GetStatus().StatusCode == GrpcStatusCode.OK)
        {
            Finish(new GrpcStatus(GrpcStatusCode.Unimplemented, "The server sent no response message to a call that expects one."), replace: true);
        }

        var status = GetStatus();
        return status.StatusCode == GrpcStatusCode.OK ? message! : throw new RpcException(status, GetTrailers());
    }

    public void Dispose() => CancelWith(new GrpcStatus(GrpcStatusCode.Cancelled, "The call was disposed."));

    private void Start(HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, _channel.GetMethodUri(_method.FullName))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        _request = request;

        var headers = request.Headers;
        headers.TryAddWithoutValidation(GrpcProtocol.TeHeader, GrpcProtocol.TeTrailers);
        headers.TryAddWithoutValidation("user-agent", GrpcChannel.UserAgent);
        headers.TryAddWithoutValidation(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.IdentityEncoding);
        if (_options.Headers is { Count: > 0 } metadata)
        {
            MetadataConverter.AddTo(metadata, headers);
        }

        TimeSpan? timeout = null;
        if (_options.Deadline is { } deadline && deadline != DateTime.MaxValue)
        {
            var remaining = deadline.ToUniversalTime() - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                Finish(DeadlineStatus);
                return;
            }

            timeout = remaining;
            headers.TryAddWithoutValidation(GrpcProtocol.TimeoutHeader, GrpcTimeout.Format(remaining));
        }

        if (_options.CancellationToken.CanBeCanceled)
        {
            _cancellationRegistration = _options.CancellationToken.UnsafeRegister(
                static state => ((GrpcCall<TRequest, TResponse>)state!).CancelWith(CancelledStatus), this);
        }

        // The timer is stored under the lock, so that a cancellation that lands while it is being created (the
        // cancellation callback runs Finish) cannot leave it running, and holding the call, until the deadline.
        ITimer? orphan = null;
        lock (_lock)
        {
            if (_status is not null)
            {
                return;
            }

            // Timers are limited to about 49 days; a longer deadline needs no local timer.
            if (timeout is { } due && due.TotalMilliseconds < uint.MaxValue - 1)
            {
                var timer = _channel.TimeProvider.CreateTimer(
                    static state => ((GrpcCall<TRequest, TResponse>)state!).CancelWith(DeadlineStatus), this, due, Timeout.InfiniteTimeSpan);
                if (_status is null)
                {
                    _deadlineTimer = timer;
                }
                else
                {
                    orphan = timer;
                }
            }
        }

        if (orphan is not null)
        {
            orphan.Dispose();
            return;
        }

        _responseReady = SendAsync(request);
    }

    private static GrpcStatus DeadlineStatus => new(GrpcStatusCode.DeadlineExceeded, "Deadline Exceeded");

    private static GrpcStatus CancelledStatus => new(GrpcStatusCode.Cancelled, "Call canceled by the client.");

    /// <summary>Sends the request and checks the response headers; true when a body with messages follows.</summary>
    private async Task<bool> SendAsync(HttpRequestMessage request)
    {
        try
        {
            var response = await _channel.HttpInvoker.SendAsync(request, _callCts.Token).ConfigureAwait(false);
            lock (_lock)
            {
                if (_status is not null)
                {
                    response.Dispose();
                    return false;
                }

                _response = response;
            }

            var headers = MetadataConverter.FromHeaders(response.Headers);
            var finalStatus = CheckResponseHeaders(response);
            if (finalStatus is { } status)
            {
                _responseHeaders.TrySetResult(headers);
                Finish(status, headers);
                return false;
            }

            _responseHeaders.TrySetResult(headers);
            _requestContent?.Commit();
            var stream = await response.Content.ReadAsStreamAsync(_callCts.Token).ConfigureAwait(false);
            _responseReader = PipeReader.Create(stream, ReaderOptions);
            return true;
        }
        catch (Exception ex)
        {
            Finish(StatusFromException(ex, "Error starting gRPC call"));
            return false;
        }
    }

    /// <summary>A status when the headers already settle the call: an HTTP error, a wrong content type or a trailers-only response.</summary>
    private static GrpcStatus? CheckResponseHeaders(HttpResponseMessage response)
    {
        if (response.StatusCode != HttpStatusCode.OK)
        {
            // A gRPC server that rejects a request at the HTTP level may still say why; its status wins over the mapping.
            if (TryGetStatus(response.Headers, out var rejection))
            {
                return rejection;
            }

            return new GrpcStatus(
                HttpStatusMapping.FromHttpStatus(response.StatusCode),
                $"Bad gRPC response. HTTP status code: {(int)response.StatusCode}");
        }

        if (TryGetStatus(response.Headers, out var trailersOnlyStatus))
        {
            return trailersOnlyStatus;
        }

        var contentType = response.Content.Headers.TryGetValues("content-type", out var values) ? values.FirstOrDefault() : null;
        if (!GrpcProtocol.IsGrpcContentType(contentType))
        {
            return new GrpcStatus(GrpcStatusCode.Internal, $"Bad gRPC response. Invalid content-type value: {contentType ?? "(none)"}");
        }

        if (response.Headers.TryGetValues(GrpcProtocol.EncodingHeader, out var encodings)
            && encodings.FirstOrDefault() is { } encoding
            && !encoding.Equals(GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            return new GrpcStatus(GrpcStatusCode.Internal, $"The server used the unsupported grpc-encoding '{encoding}'; only identity is supported.");
        }

        return null;
    }

    private static bool TryGetStatus(System.Net.Http.Headers.HttpHeaders headers, out GrpcStatus status)
    {
        status = default;
        if (!headers.NonValidated.TryGetValues(GrpcProtocol.StatusTrailer, out var statusValues))
        {
            return false;
        }

        var message = headers.NonValidated.TryGetValues(GrpcProtocol.MessageTrailer, out var messageValues)
            ? PercentEncoding.Decode(messageValues.ToString())
            : string.Empty;

        status = int.TryParse(statusValues.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var code)
            ? new GrpcStatus((GrpcStatusCode)code, message)
            : new GrpcStatus(GrpcStatusCode.Unknown, $"Unexpected grpc-status value '{statusValues}'. {message}".TrimEnd());
        return true;
    }

    /// <summary>Reads the next message; false at the end of the stream or when the call failed (see the status).</summary>
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<(bool HasMessage, TResponse? Message)> ReadMessageAsync(CancellationToken cancellationToken)
    {
        var registration = RegisterCancellation(cancellationToken);
        if (!await _responseReady.ConfigureAwait(false))
        {
            registration.Dispose();
            return (false, default);
        }

        var reader = _responseReader;
        if (reader is null || IsFinished)
        {
            registration.Dispose();
            return (false, default);
        }

        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(_callCts.Token).ConfigureAwait(false);
                var buffer = result.Buffer;
                if (FrameReader.TryReadFrame(buffer, _channel.MaxReceiveMessageSize, out var payload, out var frameEnd))
                {
                    TResponse message;
                    try
                    {
                        message = _method.ResponseMarshaller.Deserialize(payload);
                    }
                    catch (Exception ex)
                    {
                        throw new RpcException(new GrpcStatus(GrpcStatusCode.Internal, "Failed to deserialize the response message.") { DebugException = ex });
                    }

                    reader.AdvanceTo(frameEnd);
                    return (true, message);
                }

                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty)
                    {
                        throw FrameReader.IncompleteMessage();
                    }

                    reader.AdvanceTo(buffer.End);
                    await reader.CompleteAsync().ConfigureAwait(false);
                    _responseReader = null;
                    FinishFromTrailers();
                    return (false, default);
                }

                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        catch (Exception ex)
        {
            _responseReader = null;
            await reader.CompleteAsync().ConfigureAwait(false);
            CancelWith(StatusFromException(ex, "Error reading the response"));
            return (false, default);
        }
        finally
        {
            registration.Dispose();
        }
    }

    /// <summary>
    /// Cancels the call when <paramref name="cancellationToken"/> fires during one read or write. The call's own token
    /// (CallOptions) is registered once for the whole call and needs no registration per message.
    /// </summary>
    private CancellationTokenRegistration RegisterCancellation(CancellationToken cancellationToken) =>
        cancellationToken.CanBeCanceled && cancellationToken != _options.CancellationToken
            ? cancellationToken.UnsafeRegister(static state => ((GrpcCall<TRequest, TResponse>)state!).CancelWith(CancelledStatus), this)
            : default;

    private void FinishFromTrailers()
    {
        var response = _response!;
        var trailers = MetadataConverter.FromHeaders(response.TrailingHeaders);
        var status = TryGetStatus(response.TrailingHeaders, out var trailerStatus)
            ? trailerStatus
            : new GrpcStatus(GrpcStatusCode.Unknown, "No grpc-status found on response.");
        Finish(status, trailers);
    }

    private async Task WriteMessageAsync(TRequest message, CancellationToken cancellationToken)
    {
        var content = _requestContent!;
        var frames = _requestFrames!;
        lock (_lock)
        {
            if (_requestCompleted)
            {
                throw new InvalidOperationException("The request stream has already been completed.");
            }

            if (_writing)
            {
                throw new InvalidOperationException("A write is already in progress; wait for it before writing again.");
            }

            ThrowIfFinished();
            _writing = true;
        }

        var registration = RegisterCancellation(cancellationToken);
        try
        {
            ReadOnlyMemory<byte> frame;
            try
            {
                frame = frames.WriteFrame(_method.RequestMarshaller, message, _channel.MaxSendMessageSize);
            }
            catch (RpcException ex)
            {
                CancelWith(ex.Status);
                throw;
            }

            await content.WriteFrameAsync(frame, _callCts.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not RpcException)
        {
            lock (_lock)
            {
                if (_status is { StatusCode: not GrpcStatusCode.OK } status)
                {
                    throw new RpcException(status, _trailers);
                }
            }

            if (IsFinished)
            {
                throw new InvalidOperationException("The call has already finished; the message was not sent.", ex);
            }

            var failed = StatusFromException(ex, "Error writing the request");
            CancelWith(failed);
            throw new RpcException(failed);
        }
        finally
        {
            registration.Dispose();
            frames.Reset();
            lock (_lock)
            {
                _writing = false;
                if (_status is not null)
                {
                    frames.Dispose();
                }
            }
        }
    }

    private Task CompleteRequestAsync()
    {
        lock (_lock)
        {
            if (_requestCompleted)
            {
                return Task.CompletedTask;
            }

            if (_writing)
            {
                throw new InvalidOperationException("A write is in progress; wait for it before completing the request stream.");
            }

            _requestCompleted = true;
        }

        _requestContent!.Complete();
        return Task.CompletedTask;
    }

    private void ThrowIfFinished()
    {
        if (_status is { } status)
        {
            if (status.StatusCode != GrpcStatusCode.OK)
            {
                throw new RpcException(status, _trailers);
            }

            throw new InvalidOperationException("The call has already finished.");
        }
    }

    private GrpcStatus StatusFromException(Exception ex, string what)
    {
        lock (_lock)
        {
            if (_status is { } settled)
            {
                return settled;
            }
        }

        return ex switch
        {
            RpcException rpc => rpc.Status,
            OperationCanceledException => CancelledStatus,
            HttpProtocolException protocol => new GrpcStatus(
                HttpStatusMapping.FromHttp2ErrorCode(protocol.ErrorCode), $"{what}: {protocol.Message}") { DebugException = ex },
            HttpRequestException or IOException => new GrpcStatus(GrpcStatusCode.Unavailable, $"{what}: {ex.Message}") { DebugException = ex },
            _ => new GrpcStatus(GrpcStatusCode.Internal, $"{what}: {ex.GetType().Name}: {ex.Message}") { DebugException = ex },
        };
    }

    /// <summary>Ends the call with <paramref name="status"/> unless it has ended, and resets the HTTP/2 stream.</summary>
    private void CancelWith(GrpcStatus status)
    {
        if (Finish(status))
        {
            _callCts.Cancel();
        }
    }

    private bool Finish(GrpcStatus status, Metadata? trailers = null, bool replace = false)
    {
        HttpResponseMessage? response;
        ITimer? deadlineTimer;
        lock (_lock)
        {
            if (_status is not null)
            {
                // Only a unary call's check of the message count may correct an OK status that is already settled.
                if (replace)
                {
                    _status = status;
                }

                return false;
            }

            _status = status;
            _trailers = trailers ?? _trailers ?? [];
            response = _response;
            deadlineTimer = _deadlineTimer;
            if (!_writing)
            {
                _requestFrames?.Dispose();
            }
        }

        GrpcMetrics.RecordClientCall(_method.ServiceName, _method.Name, status.StatusCode, _startTimestamp);
        _responseHeaders.TrySetException(new RpcException(status, trailers));
        _ = _responseHeaders.Task.Exception; // observed: a caller that never asks for headers must not see an unobserved exception
        _requestContent?.Abort();
        _cancellationRegistration.Dispose();
        deadlineTimer?.Dispose();

        // Disposing a response whose body has not ended resets the stream (RST_STREAM CANCEL); the request
        // message owns the pooled buffer of a single request message.
        if (status.StatusCode != GrpcStatusCode.OK)
        {
            _callCts.Cancel();
        }

        response?.Dispose();
        _request?.Dispose();
        return true;
    }

    /// <summary>The response stream of a server streaming or duplex call; needs no allocation when the next message has already arrived.</summary>
    private sealed class ResponseStreamReader(GrpcCall<TRequest, TResponse> call) : IAsyncStreamReader<TResponse>
    {
        private static readonly Task<bool> True = Task.FromResult(true);
        private int _reading;

        public TResponse Current { get; private set; } = default!;

        public Task<bool> MoveNext(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Exchange(ref _reading, 1) == 1)
            {
                throw new InvalidOperationException("A read is already in progress; wait for it before reading again.");
            }

            var reading = call.ReadMessageAsync(cancellationToken);
            return reading.IsCompletedSuccessfully ? Accept(reading.Result) : AwaitAsync(reading);
        }

        private Task<bool> Accept((bool HasMessage, TResponse? Message) result)
        {
            Volatile.Write(ref _reading, 0);
            if (result.HasMessage)
            {
                Current = result.Message!;
                return True;
            }

            var status = call.GetStatus();
            return status.StatusCode == GrpcStatusCode.OK ? Task.FromResult(false) : Task.FromException<bool>(new RpcException(status, call.GetTrailers()));
        }

        private async Task<bool> AwaitAsync(ValueTask<(bool HasMessage, TResponse? Message)> reading)
        {
            (bool HasMessage, TResponse? Message) result;
            try
            {
                result = await reading.ConfigureAwait(false);
            }
            catch
            {
                Volatile.Write(ref _reading, 0);
                throw;
            }

            return await Accept(result).ConfigureAwait(false);
        }
    }

    /// <summary>The request stream of a client streaming or duplex call.</summary>
    private sealed class RequestStreamWriter(GrpcCall<TRequest, TResponse> call) : IClientStreamWriter<TRequest>
    {
        public Task WriteAsync(TRequest message, CancellationToken cancellationToken = default) =>
            call.WriteMessageAsync(message, cancellationToken);

        public Task CompleteAsync() => call.CompleteRequestAsync();
    }
}
