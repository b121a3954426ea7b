using Microsoft.Extensions.Logging;
using VoiceAgent.Gateway.Configuration;
using VoiceAgent.Gateway.Diagnostics;
using VoiceAgent.Gateway.Link;
using VoiceAgent.Gateway.Security;

namespace VoiceAgent.Gateway.Connections;

/// <summary>What every connection uses, shared by the gateway.</summary>
internal sealed record ConnectionServices(
    GatewayLink Link,
    ConnectionRegistry Registry,
    ResumeTokens Tokens,
    GatewayTelemetry Telemetry,
    GatewayOptions Options,
    TimeProvider Time,
    ILogger Logger);
