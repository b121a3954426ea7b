using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Hosting.Orchestration;
using VoiceAgent.Hosting.ResourceApi;

namespace VoiceAgent.Hosting;

/// <summary>The application builder: a model of resources on top of a web host that serves the resource API.</summary>
internal sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly WebApplicationBuilder _web;
    private bool _built;

    public DistributedApplicationBuilder(DistributedApplicationOptions options)
    {
        Options = options;
        _web = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = options.Args });
        _web.Logging.ClearProviders();
        _web.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        });
        _web.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (options.IsTesting)
        {
            _web.Logging.SetMinimumLevel(LogLevel.Warning);
        }
    }

    public DistributedApplicationOptions Options { get; }

    public ConfigurationManager Configuration => _web.Configuration;

    public IHostEnvironment Environment => _web.Environment;

    public IServiceCollection Services => _web.Services;

    public IList<IResource> Resources { get; } = [];

    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource
    {
        ArgumentNullException.ThrowIfNull(resource);
        if (Resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new DistributedApplicationException($"There is already a resource named '{resource.Name}'.");
        }

        Resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource)
        where T : IResource =>
        Resources.Contains(resource)
            ? new ResourceBuilder<T>(this, resource)
            : throw new DistributedApplicationException($"'{resource.Name}' is not a resource of this application.");

    public DistributedApplication Build()
    {
        if (EntryPointCapture.Current is { } capture && capture.Builder.TrySetResult(this))
        {
            throw new EntryPointCapturedException();
        }

        return BuildCore();
    }

    /// <summary>Builds without consulting the testing hook (the testing builder calls this).</summary>
    public DistributedApplication BuildCore()
    {
        if (_built)
        {
            throw new InvalidOperationException("The application has already been built.");
        }

        _built = true;
        ModelValidator.Validate([.. Resources]);
        var model = new DistributedApplicationModel([.. Resources]);

        _web.WebHost.UseUrls(Options.ResourceApiUrl
            ?? NullIfEmpty(Configuration["ASPNETCORE_URLS"])
            ?? NullIfEmpty(Configuration["urls"])
            ?? DistributedApplicationOptions.DefaultResourceApiUrl);

        var options = Options;
        var otlp = OtlpSettings.FromConfiguration(Configuration);
        Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownGracePeriod + TimeSpan.FromSeconds(15));
        Services.AddSingleton(model);
        Services.AddSingleton(options);
        Services.AddSingleton<ResourceNotificationService>();
        Services.AddSingleton(_ => new ResourceLogStore(model.Replicas.Select(r => r.Name), options.MaxLogLinesPerReplica));
        Services.AddSingleton(sp => new Orchestrator(
            model,
            sp.GetRequiredService<ResourceNotificationService>(),
            sp.GetRequiredService<ResourceLogStore>(),
            options,
            otlp,
            sp.GetRequiredService<ILoggerFactory>()));
        if (options.IsTesting)
        {
            Services.AddSingleton<IHostLifetime, TestingHostLifetime>();
        }

        var web = _web.Build();
        web.MapResourceApi();
        return new DistributedApplication(web, options);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
