using System.Net.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

/// <summary>HTTP/2 keep-alive pings find connections whose peer vanished without closing them.</summary>
public sealed class GrpcKeepAliveTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void ChannelsPingLongLivedConnectionsByDefault()
    {
        var options = new GrpcChannelOptions();

        Assert.Equal(TimeSpan.FromSeconds(30), options.KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), options.KeepAlivePingTimeout);
        Assert.Equal(HttpKeepAlivePingPolicy.WithActiveRequests, options.KeepAlivePingPolicy);
    }

    [Fact]
    public async Task TheGrpcServerTurnsOnKestrelPingsUnlessTheHostConfiguredThem()
    {
        await using var plain = await GrpcTestServer.StartAsync(EchoService());
        await using var hostChoice = await GrpcTestServer.StartAsync(EchoService(), configureKestrel: kestrel => kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromMinutes(7));
        await using var off = await GrpcTestServer.StartAsync(EchoService(), options => options.KeepAlivePingDelay = null);

        Assert.Equal(TimeSpan.FromSeconds(30), KestrelLimits(plain).KeepAlivePingDelay);
        Assert.Equal(TimeSpan.FromSeconds(20), KestrelLimits(plain).KeepAlivePingTimeout);
        Assert.Equal(TimeSpan.FromMinutes(7), KestrelLimits(hostChoice).KeepAlivePingDelay);
        Assert.Equal(TimeSpan.MaxValue, KestrelLimits(off).KeepAlivePingDelay);
    }

    [Fact]
    public async Task TheServerCancelsTheCallsOfAClientWhoseConnectionWentSilent()
    {
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstMessage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddDuplexStreamingMethod(TestMethods.Duplex, async (requests, responses, context) =>
            {
                using var registration = context.CancellationToken.Register(handlerCancelled.SetResult);
                await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
                {
                    firstMessage.TrySetResult();
                }
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service, options =>
        {
            options.KeepAlivePingDelay = TimeSpan.FromSeconds(1);
            options.KeepAlivePingTimeout = TimeSpan.FromSeconds(1);
        });
        await using var proxy = new BlackholeProxy(server.Port);
        using var channel = GrpcChannel.ForAddress(proxy.Address, new GrpcChannelOptions { KeepAlivePingDelay = System.Threading.Timeout.InfiniteTimeSpan });

        using var call = channel.DuplexStreaming(TestMethods.Duplex);
        await call.RequestStream.WriteAsync("hello").WaitAsync(Timeout);
        await firstMessage.Task.WaitAsync(Timeout);
        proxy.Blackhole();

        // Only the server's unanswered pings can end this handler: the client never closes anything.
        await handlerCancelled.Task.WaitAsync(Timeout);
    }

    [Fact]
    public async Task AClientCallOnAConnectionThatWentSilentFailsWithUnavailable()
    {
        var firstMessage = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddDuplexStreamingMethod(TestMethods.Duplex, async (requests, responses, context) =>
            {
                await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
                {
                    firstMessage.TrySetResult();
                }
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service, options => options.KeepAlivePingDelay = null);
        await using var proxy = new BlackholeProxy(server.Port);
        using var channel = GrpcChannel.ForAddress(proxy.Address, new GrpcChannelOptions
        {
            KeepAlivePingDelay = TimeSpan.FromSeconds(1),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(1),
        });

        using var call = channel.DuplexStreaming(TestMethods.Duplex);
        await call.RequestStream.WriteAsync("hello").WaitAsync(Timeout);
        await firstMessage.Task.WaitAsync(Timeout);
        var reading = call.ResponseStream.MoveNext();
        proxy.Blackhole();

        var error = await Assert.ThrowsAsync<RpcException>(() => reading.WaitAsync(Timeout));
        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
    }

    private static Http2Limits KestrelLimits(GrpcTestServer server) =>
        server.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.Http2;

    private static GrpcServiceDefinition EchoService() =>
        GrpcServiceDefinition.CreateBuilder().AddUnaryMethod(TestMethods.Unary, static (request, context) => Task.FromResult(request)).Build();
}
