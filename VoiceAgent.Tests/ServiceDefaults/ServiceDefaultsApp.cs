using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VoiceAgent.Tests.ServiceDefaults;

/// <summary>
/// A real service host as every VoiceAgent service builds one (<c>AddServiceDefaults</c>, <c>MapDefaultEndpoints</c>)
/// on 127.0.0.1 and a free port. Its configuration holds only what the test gives it, never the process's
/// environment, so that tests in parallel cannot disturb each other.
/// </summary>
internal sealed class ServiceDefaultsApp : IAsyncDisposable
{
    private ServiceDefaultsApp(WebApplication app, CapturingLoggerProvider logs)
    {
        App = app;
        Logs = logs;
    }

    public WebApplication App { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => App.Services;

    public Uri BaseAddress { get; private set; } = null!;

    public static async Task<ServiceDefaultsApp> StartAsync(
        IDictionary<string, string?>? configuration = null,
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? configureApp = null,
        string environmentName = "Production")
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = environmentName });
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?>());
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var logs = new CapturingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);

        builder.AddServiceDefaults();
        configureBuilder?.Invoke(builder);

        var app = builder.Build();
        app.MapDefaultEndpoints();
        configureApp?.Invoke(app);

        var host = new ServiceDefaultsApp(app, logs);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        host.BaseAddress = new Uri(address);
        return host;
    }

    public HttpClient CreateClient(string name = "") =>
        Services.GetRequiredService<IHttpClientFactory>().CreateClient(name);

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await App.StopAsync(stopping.Token);
        }

        await App.DisposeAsync();
    }
}
