using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace VoiceAgent.Tests.ServiceDefaults;

/// <summary>
/// A host built with AddServiceDefaults exports to an in-test OTLP endpoint, configured only through the
/// application's configuration (the standard OTEL_* keys), as the AppHost or Kubernetes would set them.
/// </summary>
public sealed class OtlpExportTests
{
    private const string LookupsInstrument = "voiceagent.tests.otlp.lookups";
    private static readonly Meter TestMeter = new("VoiceAgent.Tests.Otlp");
    private static readonly Counter<long> Lookups = TestMeter.CreateCounter<long>(LookupsInstrument);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task TracesMetricsAndLogsArriveOverOtlpHttpProtobufWithTheConfiguredResourceAndHeaders()
    {
        await using var receiver = await OtlpReceiver.StartHttpAsync();
        var serviceName = $"otlp-http-{Guid.NewGuid():N}";
        var instanceId = $"instance-{Guid.NewGuid():N}";
        var apiKey = $"key-{Guid.NewGuid():N}";
        var service = await StartServiceAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={apiKey}",
            ["OTEL_SERVICE_NAME"] = serviceName,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instanceId},deployment.environment=test",
        });

        var apiTrace = await GetAsync(service, "/api/orders/42");
        var healthTrace = await GetAsync(service, "/health");
        var aliveTrace = await GetAsync(service, "/alive");
        await StopAsync(service);

        var exports = receiver.Exports;
        Assert.Contains(exports, e => e.Signal == "traces" && e.Path == "/v1/traces");
        Assert.Contains(exports, e => e.Signal == "metrics" && e.Path == "/v1/metrics");
        Assert.Contains(exports, e => e.Signal == "logs" && e.Path == "/v1/logs");
        Assert.All(exports, e => Assert.Equal("application/x-protobuf", e.ContentType));
        Assert.All(exports, e => Assert.Equal(apiKey, e.Headers["x-otlp-api-key"]));

        var traces = OfService(receiver.Traces, serviceName);
        Assert.NotEmpty(traces);
        Assert.All(traces, resource =>
        {
            Assert.Equal(instanceId, resource.Attributes["service.instance.id"]);
            Assert.Equal("test", resource.Attributes["deployment.environment"]);
        });
        var spans = traces.SelectMany(resource => resource.Items).ToArray();
        var server = Assert.Single(spans, span => span.Scope == "Microsoft.AspNetCore" && span.TraceId == apiTrace);
        Assert.Equal("GET /api/orders/{id}", server.Name);
        Assert.Equal("/api/orders/{id}", server.Attributes["http.route"]);
        Assert.Equal("/api/orders/42", server.Attributes["url.path"]);
        Assert.Equal("200", server.Attributes["http.response.status_code"]);
        Assert.Equal(service.BaseAddress.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), server.Attributes["server.port"]);
        Assert.DoesNotContain(spans, span => span.TraceId == healthTrace || span.TraceId == aliveTrace);

        var log = Assert.Single(OfService(receiver.Logs, serviceName).SelectMany(r => r.Items), l => l.Name == "order 42 looked up");
        Assert.Equal(apiTrace, log.TraceId);
        Assert.Equal("42", log.Attributes["OrderId"]);

        Assert.Contains(OfService(receiver.Metrics, serviceName).SelectMany(r => r.Items), m => m.Name == LookupsInstrument);
        Assert.Contains(OfService(receiver.Metrics, serviceName).SelectMany(r => r.Items), m => m.Name == "http.server.request.duration");
    }

    [Fact]
    public async Task OtlpDefaultsToGrpcWhenNoProtocolIsConfigured()
    {
        await using var receiver = await OtlpReceiver.StartGrpcAsync();
        var serviceName = $"otlp-grpc-{Guid.NewGuid():N}";
        var service = await StartServiceAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
            ["OTEL_SERVICE_NAME"] = serviceName,
        });

        var apiTrace = await GetAsync(service, "/api/orders/7");
        await StopAsync(service);

        var traceExports = receiver.Exports.Where(e => e.Signal == "traces").ToArray();
        Assert.NotEmpty(traceExports);
        Assert.All(traceExports, e => Assert.Equal("/opentelemetry.proto.collector.trace.v1.TraceService/Export", e.Path));
        Assert.All(traceExports, e => Assert.StartsWith("application/grpc", e.ContentType, StringComparison.Ordinal));
        Assert.Contains(OfService(receiver.Traces, serviceName).SelectMany(r => r.Items), span => span.TraceId == apiTrace && span.Name == "GET /api/orders/{id}");
        Assert.Contains(OfService(receiver.Logs, serviceName).SelectMany(r => r.Items), log => log.Name == "order 7 looked up");
    }

    [Fact]
    public async Task NothingIsExportedWithoutOtlpExporterOtlpEndpoint()
    {
        await using var receiver = await OtlpReceiver.StartHttpAsync();
        var service = await StartServiceAsync(new Dictionary<string, string?>
        {
            // The per-signal endpoints alone do not turn export on.
            ["OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"] = new Uri(receiver.Endpoint, "/v1/traces").ToString(),
            ["OTEL_EXPORTER_OTLP_METRICS_ENDPOINT"] = new Uri(receiver.Endpoint, "/v1/metrics").ToString(),
            ["OTEL_EXPORTER_OTLP_LOGS_ENDPOINT"] = new Uri(receiver.Endpoint, "/v1/logs").ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = $"otlp-off-{Guid.NewGuid():N}",
        });

        await GetAsync(service, "/api/orders/1");
        await StopAsync(service);

        Assert.Empty(receiver.Exports);
    }

    [Fact]
    public async Task TheSdkReadsItsBatchingSettingsFromTheApplicationConfiguration()
    {
        await using var receiver = await OtlpReceiver.StartHttpAsync();
        var serviceName = $"otlp-batching-{Guid.NewGuid():N}";
        var service = await StartServiceAsync(new Dictionary<string, string?>
        {
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = receiver.Endpoint.ToString(),
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            ["OTEL_SERVICE_NAME"] = serviceName,
            ["OTEL_BSP_MAX_EXPORT_BATCH_SIZE"] = "1",
            ["OTEL_BLRP_MAX_EXPORT_BATCH_SIZE"] = "1",

            // Nothing is exported on a timer during the test: a full batch of one is what triggers each export.
            ["OTEL_BSP_SCHEDULE_DELAY"] = "600000",
            ["OTEL_BLRP_SCHEDULE_DELAY"] = "600000",
        });

        var traces = new[] { await GetAsync(service, "/api/orders/1"), await GetAsync(service, "/api/orders/2") };
        await StopAsync(service);

        var traceExports = receiver.Exports.Where(e => e.Signal == "traces").Select(e => OtlpProtobufReader.ReadTraces(e.Message)).ToArray();
        var logExports = receiver.Exports.Where(e => e.Signal == "logs").Select(e => OtlpProtobufReader.ReadLogs(e.Message)).ToArray();
        Assert.All(traceExports, export => Assert.Single(export.SelectMany(r => r.Items)));
        Assert.All(logExports, export => Assert.Single(export.SelectMany(r => r.Items)));
        Assert.All(traces, trace => Assert.Contains(OfService(receiver.Traces, serviceName).SelectMany(r => r.Items), span => span.TraceId == trace));
    }

    private static Task<ServiceDefaultsApp> StartServiceAsync(Dictionary<string, string?> configuration)
    {
        // Short batching delays, as Aspire sets them for local runs, keep exports small and frequent.
        configuration.TryAdd("OTEL_BSP_SCHEDULE_DELAY", "200");
        configuration.TryAdd("OTEL_BLRP_SCHEDULE_DELAY", "200");
        configuration.TryAdd("OTEL_METRIC_EXPORT_INTERVAL", "500");
        return ServiceDefaultsApp.StartAsync(configuration, configureApp: app =>
            app.MapGet("/api/orders/{id}", (int id, ILogger<OtlpExportTests> logger) =>
            {
                logger.LogInformation("order {OrderId} looked up", id);
                Lookups.Add(1);
                return Results.Ok(id);
            }));
    }

    /// <summary>Sends a GET whose caller is traced, and returns the trace id it carried.</summary>
    private static async Task<string> GetAsync(ServiceDefaultsApp service, string path)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.SendAsync(request).WaitAsync(Timeout);
        response.EnsureSuccessStatusCode();
        return traceId;
    }

    /// <summary>Stopping the host flushes every signal, so that what was not exported by now never will be.</summary>
    private static async Task StopAsync(ServiceDefaultsApp service) => await service.DisposeAsync().AsTask().WaitAsync(Timeout);

    private static OtlpResourceData[] OfService(IEnumerable<OtlpResourceData> resources, string serviceName) =>
        resources.Where(resource => resource.Attributes.GetValueOrDefault("service.name") == serviceName).ToArray();
}
