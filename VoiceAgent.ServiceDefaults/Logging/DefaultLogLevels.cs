using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace VoiceAgent.ServiceDefaults.Logging;

/// <summary>
/// The log levels of the Aspire service templates (Information, with ASP.NET Core's per-request chatter at Warning),
/// added as the lowest-priority configuration source so that appsettings files, environment variables and the
/// command line still override them. Without them every health probe writes four lines, and every probe that finds a
/// dependency not connected yet (each start-up) writes an error: the probe's answer already carries that state, and
/// the component that lost the dependency logs the cause once.
/// </summary>
internal static class DefaultLogLevels
{
    private static readonly Dictionary<string, string?> Levels = new()
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService"] = "None",
    };

    public static void AddTo(IConfigurationBuilder configuration)
    {
        if (!configuration.Sources.OfType<MemoryConfigurationSource>().Any(source => ReferenceEquals(source.InitialData, Levels)))
        {
            configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
        }
    }
}
