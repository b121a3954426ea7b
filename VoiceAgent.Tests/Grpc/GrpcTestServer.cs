using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

/// <summary>A Kestrel server on 127.0.0.1 (a free port) that serves h2c and maps the given gRPC services.</summary>
internal sealed class GrpcTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GrpcTestServer(WebApplication app, Uri address, CollectingLoggerProvider logs)
    {
        _app = app;
        Address = address;
        Logs = logs;
    }

    public Uri Address { get; }

    public int Port => Address.Port;

    public CollectingLoggerProvider Logs { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<GrpcTestServer> StartAsync(
        GrpcServiceDefinition definition,
        Action<GrpcServerOptions>? configure = null,
        Action<KestrelServerOptions>? configureKestrel = null,
        Action<WebApplication>? configureApp = null,
        X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        var logs = new CollectingLoggerProvider();
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (certificate is not null)
                {
                    listen.UseHttps(certificate);
                }
            });
            configureKestrel?.Invoke(kestrel);
        });
        builder.Services.AddGrpcServer(configure);

        var app = builder.Build();
        app.MapGrpcService(definition);
        configureApp?.Invoke(app);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new GrpcTestServer(app, new Uri(address), logs);
    }

    public GrpcChannel CreateChannel(GrpcChannelOptions? options = null) => GrpcChannel.ForAddress(Address, options);

    /// <summary>Stops at once: open connections are dropped instead of drained.</summary>
    public async Task AbortAsync()
    {
        await _app.StopAsync(new CancellationToken(canceled: true)).WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(stopping.Token).WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
