using System.Diagnostics.Metrics;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using VoiceAgent.Broker.Admin;
using VoiceAgent.Broker.Configuration;
using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.Broker.Grpc;
using VoiceAgent.Grpc;

namespace VoiceAgent.Broker;

/// <summary>Puts the broker into a web application: its services, its two Kestrel endpoints and its routes.</summary>
public static class BrokerHostingExtensions
{
    /// <summary>
    /// Adds the broker, configured from the <c>Broker</c> section and then <paramref name="configure"/>, with a gRPC
    /// endpoint (HTTP/2 only; TLS when a certificate is configured) and an admin endpoint (HTTP/1.1).
    /// </summary>
    public static WebApplicationBuilder AddBroker(this WebApplicationBuilder builder, Action<BrokerOptions>? configure = null)
    {
        BrokerLogLevels.AddTo(builder.Configuration);
        var options = new BrokerOptions();
        builder.Configuration.GetSection(BrokerOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        BrokerOptionsValidator.Validate(options);

        var endpoints = new BrokerEndpoints { Tls = options.CertificatePath is not null };
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(endpoints);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(provider => new BrokerMetrics(provider.GetService<IMeterFactory>()));
        services.AddSingleton<BrokerCore>();
        services.AddSingleton<MessagingServiceHandler>();
        services.AddHostedService<HousekeepingService>();
        services.AddGrpcServer(grpc => grpc.MaxReceiveMessageSize = options.MaxBodySize + options.MaxPropertiesSize + (64 * 1024));
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.WriteIndented = false);

        var address = ListenAddress(options.Host);
        endpoints.AdvertisedHost = options.AdvertisedHost
            ?? (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) ? IPAddress.Loopback.ToString() : address.ToString());
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, options.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (options.CertificatePath is { } certificate)
                {
                    listen.UseHttps(LoadCertificate(certificate, options.CertificateKeyPath, options.CertificatePassword));
                }

                endpoints.GrpcListener = listen;
            });
            kestrel.Listen(address, options.AdminPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                endpoints.AdminListener = listen;
            });
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
        });
        return builder;
    }

    /// <summary>Maps the RocketMQ gRPC service on the gRPC port and the admin API and health endpoints on the admin port.</summary>
    public static WebApplication MapBroker(this WebApplication app)
    {
        var endpoints = app.Services.GetRequiredService<BrokerEndpoints>();
        app.Lifetime.ApplicationStopping.Register(app.Services.GetRequiredService<BrokerCore>().Stop);
        app.Use((context, next) =>
        {
            // Each port serves its own kind of request only.
            var onGrpcPort = context.Connection.LocalPort == endpoints.GrpcPort;
            var isGrpc = context.Request.ContentType?.StartsWith("application/grpc", StringComparison.OrdinalIgnoreCase) == true;
            if (onGrpcPort != isGrpc)
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            return next(context);
        });

        app.MapDefaultEndpoints();
        app.MapGrpcService(app.Services.GetRequiredService<MessagingServiceHandler>().CreateDefinition());
        app.MapBrokerAdmin();
        return app;
    }

    private static IPAddress ListenAddress(string host) => host switch
    {
        "*" or "+" or "0.0.0.0" => IPAddress.Any,
        "localhost" => IPAddress.Loopback,
        _ when IPAddress.TryParse(host, out var parsed) => parsed,
        _ => throw new FormatException($"Broker configuration: Host '{host}' must be an IP address, 'localhost' or '*'."),
    };

    private static X509Certificate2 LoadCertificate(string path, string? keyPath, string? password) =>
        keyPath is not null || path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(path, keyPath)
            : X509CertificateLoader.LoadPkcs12FromFile(path, password);
}
