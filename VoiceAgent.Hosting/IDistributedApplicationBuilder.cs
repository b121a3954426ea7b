using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting;

/// <summary>Declares the application model: resources and how they relate; then builds the runnable application.</summary>
public interface IDistributedApplicationBuilder
{
    /// <summary>The AppHost's configuration (command line, environment, appsettings).</summary>
    ConfigurationManager Configuration { get; }

    /// <summary>The AppHost's environment.</summary>
    IHostEnvironment Environment { get; }

    /// <summary>The AppHost's services.</summary>
    IServiceCollection Services { get; }

    /// <summary>The resources declared so far, in order.</summary>
    IList<IResource> Resources { get; }

    /// <summary>Adds a resource to the model.</summary>
    IResourceBuilder<T> AddResource<T>(T resource)
        where T : IResource;

    /// <summary>A builder for a resource already in the model, to change it.</summary>
    IResourceBuilder<T> CreateResourceBuilder<T>(T resource)
        where T : IResource;

    /// <summary>Validates the model and builds the application.</summary>
    DistributedApplication Build();
}
