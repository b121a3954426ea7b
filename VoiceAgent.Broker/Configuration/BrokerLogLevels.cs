using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace VoiceAgent.Broker.Configuration;

/// <summary>
/// The broker's default log levels: the gRPC server's per-call lines at Warning. Added as the lowest-priority
/// configuration source, so appsettings files, environment variables and the command line still override them
/// (<c>Logging__LogLevel__VoiceAgent.Grpc=Debug</c>).
/// </summary>
internal static class BrokerLogLevels
{
    private static readonly Dictionary<string, string?> Levels = new()
    {
        ["Logging:LogLevel:VoiceAgent.Grpc"] = "Warning",
    };

    public static void AddTo(IConfigurationBuilder configuration)
    {
        if (!configuration.Sources.OfType<MemoryConfigurationSource>().Any(source => ReferenceEquals(source.InitialData, Levels)))
        {
            configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Levels });
        }
    }
}
