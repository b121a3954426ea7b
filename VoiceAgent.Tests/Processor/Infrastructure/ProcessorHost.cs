using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceAgent.Processor;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>
/// The real processor app (the same calls as its Program.cs) in this process on a free loopback port, configured
/// by the test. <see cref="StopAsync"/> stops it gracefully; <see cref="DisposeAsync"/> too.
/// </summary>
public sealed class ProcessorHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _stopped;

    private ProcessorHost(WebApplication app)
    {
        _app = app;
    }

    public IServiceProvider Services => _app.Services;

    public static async Task<ProcessorHost> StartAsync(IReadOnlyDictionary<string, string?> settings, Action<ILoggingBuilder>? logging = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production, Args = [] });
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.ClearProviders();
        logging?.Invoke(builder.Logging);
        builder.AddServiceDefaults();
        builder.AddRocketMQClient("rocketmq");
        if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("redis")))
        {
            builder.AddRedisClient("redis");
        }

        builder.AddVoiceProcessor();
        var app = builder.Build();
        app.MapDefaultEndpoints();
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var readiness = app.Services.GetRequiredService<ProcessorReadiness>();
            await Waiting.UntilAsync(() => readiness.Ready, TimeSpan.FromSeconds(60), "the processor is consuming the uplink");
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ProcessorHost(app);
    }

    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await _app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
