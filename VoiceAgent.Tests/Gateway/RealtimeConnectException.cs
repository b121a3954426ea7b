using System.Net;
using System.Net.WebSockets;

namespace VoiceAgent.Tests.Gateway;

/// <summary>The WebSocket upgrade failed; <see cref="StatusCode"/> is the HTTP answer (401 for a wrong key).</summary>
public sealed class RealtimeConnectException(HttpStatusCode statusCode, WebSocketException inner)
    : Exception($"The WebSocket upgrade failed with HTTP {(int)statusCode}.", inner)
{
    public HttpStatusCode StatusCode { get; } = statusCode;
}
