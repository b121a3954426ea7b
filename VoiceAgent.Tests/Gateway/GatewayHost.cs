using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceAgent.Broker;
using VoiceAgent.Gateway.Link;

namespace VoiceAgent.Tests.Gateway;

/// <summary>
/// A gateway in this process: Kestrel on 127.0.0.1 port 0, configured as Program.cs does against a broker, with
/// test settings. <see cref="RealtimeUri"/> is where clients connect.
/// </summary>
public sealed class GatewayHost : IAsyncDisposable
{
    public const string DefaultApiKey = "test-key-0123456789";
    public const string DefaultResumeKey = "test-resume-key-0123456789abcdef";

    private readonly WebApplication _app;

    private GatewayHost(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
        RealtimeUri = new Uri($"ws://{baseUri.Host}:{baseUri.Port}/v1/realtime");
    }

    public Uri BaseUri { get; }

    public Uri RealtimeUri { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>
    /// Starts a gateway against <paramref name="broker"/> and waits until its broker link is ready. Settings go
    /// into configuration as keys (e.g. <c>VoiceAgent:Gateway:AudioLead</c>); null removes a default.
    /// </summary>
    public static async Task<GatewayHost> StartAsync(
        EmbeddedBroker broker,
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Production",
        Action<ILoggingBuilder>? logging = null)
    {
        var app = Build(broker, settings, environment, logging);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        await app.Services.GetRequiredService<GatewayLink>().Ready.WaitAsync(TimeSpan.FromSeconds(30));
        return new GatewayHost(app, new Uri(address));
    }

    /// <summary>Builds (without starting) a gateway application, for tests of startup itself.</summary>
    public static WebApplication Build(
        EmbeddedBroker broker,
        IReadOnlyDictionary<string, string?>? settings = null,
        string environment = "Production",
        Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = environment, Args = [] });
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["ConnectionStrings:rocketmq"] = broker.ConnectionString,
            ["VoiceAgent:ApiKey"] = DefaultApiKey,
            ["VoiceAgent:ResumeKey"] = DefaultResumeKey,
            ["VoiceAgent:Gateway:CloseTimeout"] = "00:00:03",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(values);
        builder.AddServiceDefaults();
        builder.AddRocketMQClient("rocketmq");
        builder.AddRealtimeGateway();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapRealtimeGateway();
        return app;
    }

    /// <summary>Stops the gateway as SIGTERM would: clients are told to reconnect (1012).</summary>
    public Task StopAsync() => _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
