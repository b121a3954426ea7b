using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>
/// The service's tracer and meter providers. OpenTelemetry.Extensions.Hosting is not available, so they are built
/// with the SDK's own builders, handed the application's <see cref="IConfiguration"/> so that every standard
/// <c>OTEL_*</c> key works from environment variables and appsettings alike.
/// </summary>
internal sealed class TelemetryProviders : IDisposable
{
    private const int FlushTimeoutMilliseconds = 5_000;

    public TelemetryProviders(IConfiguration configuration, ServiceResource resource, bool exportOverOtlp)
    {
        var tracing = Sdk.CreateTracerProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration))
            .ConfigureResource(resource.Configure)
            .AddSource(TelemetrySources.ActivitySources);

        var metrics = Sdk.CreateMeterProviderBuilder()
            .ConfigureServices(services => services.AddSingleton(configuration))
            .ConfigureResource(resource.Configure)
            .AddMeter(TelemetrySources.Meters);

        if (exportOverOtlp)
        {
            tracing.AddOtlpExporter(OtlpExportSettings.UsePlainHttpClient);
            metrics.AddOtlpExporter(OtlpExportSettings.UsePlainHttpClient);
        }

        TracerProvider = tracing.Build();
        MeterProvider = metrics.Build();
    }

    public TracerProvider TracerProvider { get; }

    public MeterProvider MeterProvider { get; }

    public void ForceFlush()
    {
        TracerProvider.ForceFlush(FlushTimeoutMilliseconds);
        MeterProvider.ForceFlush(FlushTimeoutMilliseconds);
    }

    public void Dispose()
    {
        TracerProvider.Dispose();
        MeterProvider.Dispose();
    }
}
