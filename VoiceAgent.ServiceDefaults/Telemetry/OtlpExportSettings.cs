using Microsoft.Extensions.Configuration;
using OpenTelemetry.Exporter;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>
/// When and how the OTLP exporters are added. Everything else (protocol, headers, timeouts, batching, export
/// intervals, sampler) is read by the OpenTelemetry SDK itself from the standard <c>OTEL_*</c> keys of the
/// application's <see cref="IConfiguration"/>.
/// </summary>
internal static class OtlpExportSettings
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Telemetry leaves the process only when an OTLP endpoint is configured, as in Aspire.</summary>
    public static bool IsEnabled(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[EndpointKey]);

    /// <summary>
    /// Gives the http/protobuf exporter a plain <see cref="HttpClient"/>, never one from the application's
    /// IHttpClientFactory: those carry our resilience and service discovery handlers and log every request,
    /// which would feed the log exporter its own traffic.
    /// </summary>
    public static void UsePlainHttpClient(OtlpExporterOptions options)
    {
        if (options.Protocol == OtlpExportProtocol.HttpProtobuf)
        {
            options.HttpClientFactory = () => new HttpClient
            {
                Timeout = TimeSpan.FromMilliseconds(options.TimeoutMilliseconds),
            };
        }
    }
}
