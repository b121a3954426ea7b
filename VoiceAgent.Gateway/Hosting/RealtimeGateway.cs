using System.Globalization;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoiceAgent.Gateway.Configuration;
using VoiceAgent.Gateway.Connections;
using VoiceAgent.Gateway.Diagnostics;
using VoiceAgent.Gateway.Link;
using VoiceAgent.Gateway.Security;
using VoiceAgent.Realtime.Events;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Gateway.Hosting;

/// <summary>
/// The <c>/v1/realtime</c> endpoint: checks the key (401 before the upgrade), accepts the WebSocket, checks a
/// resume (4001) and the session limit (1013), then runs the connection until it closes.
/// </summary>
internal sealed partial class RealtimeGateway
{
    private readonly ApiKeyAuthenticator _authenticator;
    private readonly ResumeTokens _tokens;
    private readonly ConnectionRegistry _registry;
    private readonly GatewayLink _link;
    private readonly GatewayTelemetry _telemetry;
    private readonly GatewayOptions _options;
    private readonly ConnectionServices _services;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _allClosed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _running;
    private int _sessions;
    private int _stopped;

    public RealtimeGateway(
        ApiKeyAuthenticator authenticator,
        ResumeTokens tokens,
        ConnectionRegistry registry,
        GatewayLink link,
        GatewayTelemetry telemetry,
        IOptions<GatewayOptions> options,
        TimeProvider time,
        ILogger<RealtimeGateway> logger)
    {
        _authenticator = authenticator;
        _tokens = tokens;
        _registry = registry;
        _link = link;
        _telemetry = telemetry;
        _options = options.Value;
        _logger = logger;
        _services = new ConnectionServices(link, registry, tokens, telemetry, _options, time, logger);
    }

    /// <summary>Refuses new connections from now on (shutdown).</summary>
    public void StopAccepting()
    {
        Volatile.Write(ref _stopped, 1);
        if (Volatile.Read(ref _running) == 0)
        {
            _allClosed.TrySetResult();
        }
    }

    /// <summary>Completes once no connection runs (after <see cref="StopAccepting"/>).</summary>
    public Task WhenAllClosedAsync() => _allClosed.Task;

    public async Task HandleAsync(HttpContext context)
    {
        if (Volatile.Read(ref _stopped) != 0 || !_link.IsReady)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.Headers.RetryAfter = "1";
            await context.Response.WriteAsync(_link.IsReady ? "The gateway is shutting down." : "The gateway is not connected to the broker yet.").ConfigureAwait(false);
            return;
        }

        if (!_authenticator.IsAuthorized(context.Request))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            context.Response.Headers.WWWAuthenticate = "Bearer";
            await context.Response.WriteAsync("Missing or wrong API key: send Authorization: Bearer <key> or the subprotocol openai-insecure-api-key.<key>.").ConfigureAwait(false);
            return;
        }

        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status426UpgradeRequired;
            context.Response.Headers.Upgrade = "websocket";
            await context.Response.WriteAsync("This endpoint speaks WebSocket.").ConfigureAwait(false);
            return;
        }

        // A voice session outlives any request timeout.
        context.Features.Get<IHttpRequestTimeoutFeature>()?.DisableTimeout();
        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            SubProtocol = ApiKeyAuthenticator.SelectSubprotocol(context.Request),
            KeepAliveInterval = _options.KeepAliveInterval,
            KeepAliveTimeout = _options.KeepAliveTimeout,
        }).ConfigureAwait(false);

        Interlocked.Increment(ref _running);
        try
        {
            await RunAsync(context, socket).ConfigureAwait(false);
        }
        finally
        {
            if (Interlocked.Decrement(ref _running) == 0 && Volatile.Read(ref _stopped) != 0)
            {
                _allClosed.TrySetResult();
            }
        }
    }

    private async Task RunAsync(HttpContext context, WebSocket socket)
    {
        var query = context.Request.Query;
        var sessionId = query["session_id"].ToString();
        SessionStart start;
        ResumeState view;
        if (sessionId.Length > 0)
        {
            ResumeState? resumed = null;
            var reason = "The session id is not valid.";
            if (!SessionIds.IsValid(sessionId) || !_tokens.TryValidate(query["resume_token"].ToString(), sessionId, out resumed, out reason))
            {
                _telemetry.Resumed("invalid_token");
                Log.ResumeRefused(_logger, sessionId.Length > SessionIds.MaxLength ? sessionId[..SessionIds.MaxLength] : sessionId);
                await RejectAsync(socket, CloseCodes.InvalidResumeToken, "invalid resume token", RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidResumeToken, reason, "resume_token")).ConfigureAwait(false);
                return;
            }

            var lastSeqText = query["last_seq"].ToString();
            if (!long.TryParse(lastSeqText.Length == 0 ? "0" : lastSeqText, NumberStyles.None, CultureInfo.InvariantCulture, out var lastSeq))
            {
                await RejectAsync(socket, CloseCodes.PolicyViolation, "invalid last_seq", RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, "last_seq must be a non-negative integer.", "last_seq")).ConfigureAwait(false);
                return;
            }

            _telemetry.Resumed("accepted");
            view = IsBetaClient(context.Request) ? resumed! with { Dialect = RealtimeDialect.Beta } : resumed!;
            start = new SessionStart(IsResume: true, lastSeq, SessionConfig.Default);
        }
        else
        {
            var model = query["model"].ToString();
            view = new ResumeState(SessionIds.NewSessionId(), IsBetaClient(context.Request) ? RealtimeDialect.Beta : RealtimeDialect.Ga);
            start = new SessionStart(IsResume: false, 0, SessionConfig.Default with { Model = model.Length > 0 ? model : null });
        }

        // A place is taken before the connection registers, so that concurrent upgrades cannot overshoot the
        // limit. A resume of a session held here replaces its connection and may borrow a place briefly.
        var replacesLocal = start.IsResume && _registry.TryGet(view.SessionId, out _);
        if (Interlocked.Increment(ref _sessions) > _options.MaxSessions && !replacesLocal)
        {
            Interlocked.Decrement(ref _sessions);
            await RejectAsync(socket, CloseCodes.TryAgainLater, "gateway full", RealtimeError.InvalidRequest(RealtimeErrorCodes.ServerBusy, "This gateway holds as many sessions as it may; try again or another gateway.")).ConfigureAwait(false);
            return;
        }

        try
        {
            var connection = new RealtimeConnection(socket, view, _services);
            await connection.RunAsync(start).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _sessions);
        }
    }

    private static bool IsBetaClient(HttpRequest request) =>
        request.Headers["OpenAI-Beta"].ToString().Contains("realtime=v1", StringComparison.OrdinalIgnoreCase);

    /// <summary>Ends a connection that never became a session: an <c>error</c> (no seq), then the close code.</summary>
    private async Task RejectAsync(WebSocket socket, int code, string reason, RealtimeError error)
    {
        using var timeout = new CancellationTokenSource(_options.CloseTimeout);
        try
        {
            using var buffer = new PooledBufferWriter();
            ServerEventWriter.WriteError(buffer, "gateway:" + Guid.NewGuid().ToString("N"), error);
            await socket.SendAsync(buffer.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, timeout.Token).ConfigureAwait(false);
            await socket.CloseAsync((WebSocketCloseStatus)code, reason, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or IOException)
        {
            // The client left first.
        }

        _telemetry.Rejected(code);
    }
}
