namespace VoiceAgent.Tests.Grpc.Interop;

/// <summary>Our server with the interop service, shared by the grpc-js client tests of one class.</summary>
public sealed class OurServerFixture : IAsyncLifetime
{
    private GrpcTestServer? _server;

    internal InteropService Service { get; } = new();

    public int Port => _server!.Port;

    public async Task InitializeAsync() => _server = await GrpcTestServer.StartAsync(Service.Definition);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
