using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace VoiceAgent.Grpc.Internal;

/// <summary>Call durations by method and status, following the OpenTelemetry RPC semantic conventions.</summary>
internal static class GrpcMetrics
{
    private static readonly Meter Meter = new(GrpcTelemetry.MeterName);

    private static readonly Histogram<double> ClientCallDuration = Meter.CreateHistogram<double>(
        "rpc.client.call.duration", "s", "Duration of the gRPC calls this process made.");

    private static readonly Histogram<double> ServerCallDuration = Meter.CreateHistogram<double>(
        "rpc.server.call.duration", "s", "Duration of the gRPC calls this process served.");

    // Boxed once, so that recording a status allocates nothing.
    private static readonly object[] StatusCodes = Enumerable.Range(0, 17).Select(static code => (object)code).ToArray();

    public static void RecordClientCall(string service, string method, GrpcStatusCode status, long startTimestamp)
    {
        if (ClientCallDuration.Enabled)
        {
            ClientCallDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, Tags(service, method, status));
        }
    }

    public static void RecordServerCall(string service, string method, GrpcStatusCode status, long startTimestamp)
    {
        if (ServerCallDuration.Enabled)
        {
            ServerCallDuration.Record(Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds, Tags(service, method, status));
        }
    }

    private static TagList Tags(string service, string method, GrpcStatusCode status)
    {
        var code = (int)status;
        return new TagList
        {
            { "rpc.system", "grpc" },
            { "rpc.service", service },
            { "rpc.method", method },
            { "rpc.grpc.status_code", code is >= 0 and < 17 ? StatusCodes[code] : code },
        };
    }
}
