using System.Net.Http;
using System.Net.Security;

namespace VoiceAgent.Grpc;

/// <summary>Settings of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Largest response message accepted, in bytes; null for no limit. Default 4 MiB.</summary>
    public int? MaxReceiveMessageSize { get; set; } = 4 * 1024 * 1024;

    /// <summary>Largest request message sent, in bytes; null (the default) for no limit.</summary>
    public int? MaxSendMessageSize { get; set; }

    /// <summary>Opens more HTTP/2 connections when the server's stream limit is reached. Default true.</summary>
    public bool EnableMultipleHttp2Connections { get; set; } = true;

    /// <summary>
    /// Idle time after which an HTTP/2 PING is sent. Default 30 seconds, so that a connection whose peer vanished
    /// (a NAT or load balancer dropped the flow) fails its calls within about 50 seconds instead of the TCP
    /// retransmission limit (about 15 minutes). <see cref="Timeout.InfiniteTimeSpan"/> sends none.
    /// </summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long to wait for a PING's answer before closing the connection. Default 20 seconds.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Whether keep-alive pings are sent only while calls are active (the default) or always.</summary>
    public HttpKeepAlivePingPolicy KeepAlivePingPolicy { get; set; } = HttpKeepAlivePingPolicy.WithActiveRequests;

    /// <summary>Time allowed to open a connection. Default 10 seconds.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>TLS settings for <c>https://</c> addresses (for example a certificate check for a test certificate).</summary>
    public SslClientAuthenticationOptions? SslOptions { get; set; }

    /// <summary>A handler to send requests with instead of the channel's own <see cref="SocketsHttpHandler"/>.</summary>
    public HttpMessageHandler? HttpHandler { get; set; }

    /// <summary>Whether disposing the channel disposes <see cref="HttpHandler"/>. Default false.</summary>
    public bool DisposeHttpHandler { get; set; }

    /// <summary>The clock of deadline timers; tests replace it.</summary>
    internal TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
