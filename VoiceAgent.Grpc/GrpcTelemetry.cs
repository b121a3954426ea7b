namespace VoiceAgent.Grpc;

/// <summary>
/// Names to subscribe to: the meter <see cref="MeterName"/> records <c>rpc.client.call.duration</c> and
/// <c>rpc.server.call.duration</c> (seconds) with <c>rpc.system</c>, <c>rpc.service</c>, <c>rpc.method</c> and
/// <c>rpc.grpc.status_code</c>. HTTP spans come from HttpClient and ASP.NET Core themselves.
/// </summary>
public static class GrpcTelemetry
{
    public const string MeterName = "VoiceAgent.Grpc";
}
