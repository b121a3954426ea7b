using System.Buffers.Binary;
using System.Collections.Concurrent;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace VoiceAgent.Tests.ServiceDefaults;

/// <summary>
/// An in-test OTLP endpoint on a real socket: OTLP/HTTP protobuf on <c>/v1/traces</c>, <c>/v1/metrics</c> and
/// <c>/v1/logs</c>, or OTLP/gRPC (HTTP/2 without TLS) on the collector services' Export methods.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly ConcurrentQueue<OtlpExport> _exports = new();
    private ScriptedHttpServer _server = null!;

    public Uri Endpoint => _server.BaseAddress;

    /// <summary>Whether exports are kept (default); while false they are answered and dropped, so a long run does not pile them up.</summary>
    public bool Recording { get; set; } = true;

    /// <summary>The signals kept (<c>traces</c>, <c>metrics</c>, <c>logs</c>); null keeps them all. Others are answered and dropped.</summary>
    public IReadOnlySet<string>? Signals { get; set; }

    public IReadOnlyList<OtlpExport> Exports => _exports.ToArray();

    public IReadOnlyList<OtlpResourceData> Traces => Decode("traces", OtlpProtobufReader.ReadTraces);

    public IReadOnlyList<OtlpResourceData> Logs => Decode("logs", OtlpProtobufReader.ReadLogs);

    public IReadOnlyList<OtlpResourceData> Metrics => Decode("metrics", OtlpProtobufReader.ReadMetrics);

    public static async Task<OtlpReceiver> StartHttpAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._server = await ScriptedHttpServer.StartAsync(HttpProtocols.Http1AndHttp2);
        receiver._server.RecordRequests = false;
        receiver._server.Fallback = receiver.ReceiveHttpAsync;
        return receiver;
    }

    public static async Task<OtlpReceiver> StartGrpcAsync()
    {
        var receiver = new OtlpReceiver();
        receiver._server = await ScriptedHttpServer.StartAsync(HttpProtocols.Http2);
        receiver._server.RecordRequests = false;
        receiver._server.Fallback = receiver.ReceiveGrpcAsync;
        return receiver;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private IReadOnlyList<OtlpResourceData> Decode(string signal, Func<byte[], IReadOnlyList<OtlpResourceData>> read) =>
        Exports.Where(export => export.Signal == signal).SelectMany(export => read(export.Message)).ToArray();

    private void Keep(OtlpExport export)
    {
        if (Recording && (Signals is null || Signals.Contains(export.Signal)))
        {
            _exports.Enqueue(export);
        }
    }

    private Task ReceiveHttpAsync(HttpContext context)
    {
        var request = RecordedRequest.Of(context);
        var signal = context.Request.Path.Value switch
        {
            "/v1/traces" => "traces",
            "/v1/metrics" => "metrics",
            "/v1/logs" => "logs",
            _ => null,
        };

        if (signal is null || !HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        Keep(new OtlpExport(signal, context.Request.Path.Value!, context.Request.ContentType, request.Headers, request.Body));
        context.Response.ContentType = "application/x-protobuf";
        return Task.CompletedTask;
    }

    private async Task ReceiveGrpcAsync(HttpContext context)
    {
        var request = RecordedRequest.Of(context);
        var signal = context.Request.Path.Value switch
        {
            "/opentelemetry.proto.collector.trace.v1.TraceService/Export" => "traces",
            "/opentelemetry.proto.collector.metrics.v1.MetricsService/Export" => "metrics",
            "/opentelemetry.proto.collector.logs.v1.LogsService/Export" => "logs",
            _ => "unknown",
        };

        // A gRPC message is a 1-byte compression flag and a 4-byte big-endian length before the protobuf bytes.
        var body = request.Body;
        var length = body.Length >= 5 ? (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4)) : 0;
        var message = body.Length >= 5 + length ? body.AsSpan(5, length).ToArray() : [];
        Keep(new OtlpExport(signal, context.Request.Path.Value!, context.Request.ContentType, request.Headers, message));

        context.Response.ContentType = "application/grpc";
        await context.Response.Body.WriteAsync(new byte[5]);
        context.Response.AppendTrailer("grpc-status", "0");
    }
}

/// <summary>One export request as received: the signal, where it was sent, its headers and the protobuf message.</summary>
internal sealed record OtlpExport(string Signal, string Path, string? ContentType, IReadOnlyDictionary<string, string> Headers, byte[] Message);
