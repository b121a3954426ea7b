namespace VoiceAgent.Hosting.Testing;

/// <summary>An application builder for tests: change the model (replicas, environment, ports), then build.</summary>
public interface IDistributedApplicationTestingBuilder : IDistributedApplicationBuilder, IAsyncDisposable
{
    /// <summary>Builds the application; start it with <see cref="DistributedApplication.StartAsync"/>.</summary>
    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}
