using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceAgent.Broker.Admin;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Grpc;

namespace VoiceAgent.Broker;

/// <summary>
/// The broker hosted inside the calling process (tests, tools):
/// <c>await using var broker = await EmbeddedBroker.StartAsync(o => o.Topics.Add("t:FIFO"), ct);</c>
/// Ports default to 0 (free ports); the real ones are in <see cref="GrpcEndpoint"/> and <see cref="AdminEndpoint"/>.
/// </summary>
public sealed class EmbeddedBroker : IAsyncDisposable
{
    private readonly WebApplication _app;

    private EmbeddedBroker(WebApplication app)
    {
        _app = app;
        Core = app.Services.GetRequiredService<BrokerCore>();
        var endpoints = app.Services.GetRequiredService<BrokerEndpoints>();
        var scheme = endpoints.Tls ? "https" : "http";
        GrpcEndpoint = new Uri($"{scheme}://{endpoints.AdvertisedHost}:{endpoints.GrpcPort}");
        AdminEndpoint = new Uri($"http://{endpoints.AdvertisedHost}:{endpoints.AdminPort}");
    }

    /// <summary>The gRPC address, <c>http://127.0.0.1:PORT</c> (https with TLS).</summary>
    public Uri GrpcEndpoint { get; }

    /// <summary>The admin API address, <c>http://127.0.0.1:PORT</c>.</summary>
    public Uri AdminEndpoint { get; }

    /// <summary>The endpoints as RocketMQ clients take them: <c>127.0.0.1:PORT</c>.</summary>
    public string Endpoints => $"{GrpcEndpoint.Host}:{GrpcEndpoint.Port}";

    /// <summary>The connection string services get as <c>ConnectionStrings__rocketmq</c>.</summary>
    public string ConnectionString =>
        $"Endpoints={Endpoints};Namespace=;AccessKey={Core.Options.AccessKey};SecretKey={Core.Options.SecretKey};Tls={(GrpcEndpoint.Scheme == "https" ? "true" : "false")}";

    public BrokerOptions Options => Core.Options;

    /// <summary>The broker's state, for assertions: the same the admin API serves.</summary>
    public BrokerInspector Inspector => Core.Inspector;

    public IServiceProvider Services => _app.Services;

    internal BrokerCore Core { get; }

    /// <summary>Starts a broker on free ports (unless <paramref name="configure"/> sets them) and returns once it listens.</summary>
    public static Task<EmbeddedBroker> StartAsync(Action<BrokerOptions>? configure = null, CancellationToken cancellationToken = default) =>
        StartAsync(configure, configureLogging: null, cancellationToken);

    /// <summary>As <see cref="StartAsync(Action{BrokerOptions}?, CancellationToken)"/>, with a say in logging (none by default).</summary>
    public static async Task<EmbeddedBroker> StartAsync(
        Action<BrokerOptions>? configure,
        Action<ILoggingBuilder>? configureLogging,
        CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = [] });
        builder.Logging.ClearProviders();
        configureLogging?.Invoke(builder.Logging);
        builder.AddServiceDefaults();
        builder.AddBroker(options =>
        {
            options.GrpcPort = 0;
            options.AdminPort = 0;
            configure?.Invoke(options);
        });
        var app = builder.Build();
        app.MapBroker();
        try
        {
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await app.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new EmbeddedBroker(app);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        finally
        {
            // The container owns the core and disposes it.
            await _app.DisposeAsync().ConfigureAwait(false);
        }
    }
}
