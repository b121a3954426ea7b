using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using VoiceAgent.Mocks;

namespace VoiceAgent.Tests.Mocks;

/// <summary>
/// The real mock models app (the same calls as its Program.cs) on a free loopback port, with configuration given
/// by the test. Dispose it to stop it.
/// </summary>
public sealed class MockModelsServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private MockModelsServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>The server's root, e.g. http://127.0.0.1:41234/; the OpenAI base URL is this plus <c>v1/</c>.</summary>
    public Uri BaseAddress { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<MockModelsServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddServiceDefaults();
        builder.AddMockModels();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        app.MapMockModelsApi();
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.Single();
        return new MockModelsServer(app, new Uri(address.EndsWith('/') ? address : address + "/"));
    }

    /// <summary>An HttpClient whose base address is the OpenAI-style <c>/v1/</c> root.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = new Uri(BaseAddress, "v1/"), Timeout = TimeSpan.FromSeconds(60) };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().WaitAsync(TimeSpan.FromSeconds(30));
        await _app.DisposeAsync();
    }
}
