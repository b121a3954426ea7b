using System.CommandLine;
using System.Globalization;

namespace VoiceAgent.Broker.Configuration;

/// <summary>
/// The command line, turned into <c>Broker:...</c> configuration keys so that it overrides the configuration
/// (<c>appsettings.json</c>, <c>Broker__...</c> environment variables) key by key.
/// </summary>
public static class BrokerCommandLine
{
    /// <summary>Parses <paramref name="args"/>; for --help or errors prints and returns an exit code in <c>ExitCode</c>.</summary>
    public static (IReadOnlyDictionary<string, string?> Settings, int? ExitCode) Parse(string[] args, TextWriter? output = null)
    {
        var grpcPort = new Option<int?>("--grpc-port") { Description = "gRPC port (HTTP/2; h2c unless --tls-certificate). Default 8081." };
        var adminPort = new Option<int?>("--admin-port") { Description = "Admin HTTP port (/api/..., /health, /alive). Default 8082." };
        var host = new Option<string?>("--host") { Description = "Address to listen on: an IP, localhost or *. Default 127.0.0.1." };
        var advertisedHost = new Option<string?>("--advertised-host") { Description = "Host put in routes when a client does not name the address it used." };
        var topics = new Option<string[]>("--topic")
        {
            Description = "A topic: name[:NORMAL|FIFO|DELAY|LITE][:expiration=10m][:retain=2m][:alert-backlog=N][:queues=N]. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var groups = new Option<string[]>("--group")
        {
            Description = "A consumer group: name[:FIFO][:lite-bind=<LITE topic>][:max-attempts=N][:lite-quota=N][:exclusive]. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var accessKey = new Option<string?>("--access-key") { Description = "Require signed requests with this access key (with --secret-key)." };
        var secretKey = new Option<string?>("--secret-key") { Description = "The secret key that signs requests." };
        var certificate = new Option<string?>("--tls-certificate") { Description = "PFX or PEM certificate: serve gRPC over TLS." };
        var certificateKey = new Option<string?>("--tls-key") { Description = "PEM private key of --tls-certificate." };
        var certificatePassword = new Option<string?>("--tls-password") { Description = "Password of a PFX --tls-certificate." };
        var autoCreate = new Option<bool?>("--auto-create-topics") { Description = "Create unknown topics as NORMAL on first use." };

        var root = new RootCommand("VoiceAgent.Broker: an embedded single-node broker that speaks the RocketMQ 5 gRPC protocol, LiteTopic included.")
        {
            grpcPort, adminPort, host, advertisedHost, topics, groups, accessKey, secretKey, certificate, certificateKey, certificatePassword, autoCreate,
        };
        var result = root.Parse(args);
        if (result.Errors.Count > 0 || result.Action is not null)
        {
            // --help, --version or a parse error: the root command has no action of its own.
            var configuration = new InvocationConfiguration();
            if (output is not null)
            {
                configuration.Output = output;
                configuration.Error = output;
            }

            return (new Dictionary<string, string?>(), result.Invoke(configuration) is var code && result.Errors.Count > 0 && code == 0 ? 1 : code);
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Set(settings, nameof(BrokerOptions.GrpcPort), result.GetValue(grpcPort));
        Set(settings, nameof(BrokerOptions.AdminPort), result.GetValue(adminPort));
        Set(settings, nameof(BrokerOptions.Host), result.GetValue(host));
        Set(settings, nameof(BrokerOptions.AdvertisedHost), result.GetValue(advertisedHost));
        Set(settings, nameof(BrokerOptions.AccessKey), result.GetValue(accessKey));
        Set(settings, nameof(BrokerOptions.SecretKey), result.GetValue(secretKey));
        Set(settings, nameof(BrokerOptions.CertificatePath), result.GetValue(certificate));
        Set(settings, nameof(BrokerOptions.CertificateKeyPath), result.GetValue(certificateKey));
        Set(settings, nameof(BrokerOptions.CertificatePassword), result.GetValue(certificatePassword));
        Set(settings, nameof(BrokerOptions.AutoCreateTopics), result.GetValue(autoCreate));
        SetList(settings, nameof(BrokerOptions.Topics), result.GetValue(topics));
        SetList(settings, nameof(BrokerOptions.Groups), result.GetValue(groups));
        return (settings, null);
    }

    private static void Set<T>(Dictionary<string, string?> settings, string key, T? value)
    {
        if (value is not null)
        {
            settings[$"{BrokerOptions.SectionName}:{key}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }
    }

    private static void SetList(Dictionary<string, string?> settings, string key, string[]? values)
    {
        if (values is null)
        {
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            settings[$"{BrokerOptions.SectionName}:{key}:{i}"] = values[i];
        }
    }
}
