using VoiceAgent.Mocks;

namespace VoiceAgent.Tests.Mocks;

/// <summary>A test class with its own mock models server on a free port and a client for it.</summary>
public abstract class MockModelsServerTest : IAsyncLifetime
{
    protected MockModelsServer Server { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Server = await MockModelsServer.StartAsync();
        Client = Server.CreateClient();
    }

    public virtual async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
    }
}
