using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Testing;

internal sealed class TestingBuilder(DistributedApplicationBuilder inner) : IDistributedApplicationTestingBuilder
{
    private DistributedApplication? _application;

    public ConfigurationManager Configuration => inner.Configuration;

    public IHostEnvironment Environment => inner.Environment;

    public IServiceCollection Services => inner.Services;

    public IList<IResource> Resources => inner.Resources;

    public IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource =>
        new ResourceBuilder<T>(this, inner.AddResource(resource).Resource);

    public IResourceBuilder<T> CreateResourceBuilder<T>(T resource)
        where T : IResource =>
        new ResourceBuilder<T>(this, inner.CreateResourceBuilder(resource).Resource);

    public DistributedApplication Build() => _application = inner.BuildCore();

    public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default) => Task.FromResult(Build());

    public async ValueTask DisposeAsync()
    {
        if (_application is not null)
        {
            await _application.DisposeAsync().ConfigureAwait(false);
        }
    }
}
