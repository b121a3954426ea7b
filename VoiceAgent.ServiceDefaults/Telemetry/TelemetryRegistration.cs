using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Logs;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>
/// Registers the three signals on a host: logs through the logging pipeline, traces and metrics through
/// <see cref="TelemetryProviders"/>, and the request tracing middleware.
/// </summary>
internal static class TelemetryRegistration
{
    public static void AddServiceTelemetry(this IHostApplicationBuilder builder, params string[] untracedPaths)
    {
        var resource = new ServiceResource(builder.Environment.ApplicationName);
        var exportOverOtlp = OtlpExportSettings.IsEnabled(builder.Configuration);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });
        builder.Services.ConfigureOpenTelemetryLoggerProvider(logging =>
        {
            logging.ConfigureResource(resource.Configure);
            if (exportOverOtlp)
            {
                logging.AddOtlpExporter(OtlpExportSettings.UsePlainHttpClient);
            }
        });

        builder.Services.TryAddSingleton(sp =>
            new TelemetryProviders(sp.GetRequiredService<IConfiguration>(), resource, exportOverOtlp));
        builder.Services.AddHostedService<TelemetryFlushService>();

        var paths = Array.ConvertAll(untracedPaths, path => new PathString(path));
        builder.Services.AddSingleton<IStartupFilter>(new RequestTracingStartupFilter(paths));
    }
}
