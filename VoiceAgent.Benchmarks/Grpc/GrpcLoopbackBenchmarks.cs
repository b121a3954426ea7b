using System.Net;
using BenchmarkDotNet.Attributes;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc;

namespace VoiceAgent.Benchmarks.Grpc;

/// <summary>Round trips of a 640-byte message between our client and our server over h2c on loopback.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class GrpcLoopbackBenchmarks
{
    private WebApplication _app = null!;
    private GrpcChannel _channel = null!;
    private AsyncDuplexStreamingCall<BytesValue, BytesValue> _duplex = null!;
    private BytesValue _message = null!;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _message = BenchmarkMessages.Create640ByteMessage();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcServer();
        _app = builder.Build();
        _app.MapGrpcService(GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(BenchmarkMessages.Unary, static (request, context) => Task.FromResult(request))
            .AddDuplexStreamingMethod(BenchmarkMessages.Duplex, static async (requests, responses, context) =>
            {
                while (await requests.MoveNext(context.CancellationToken))
                {
                    await responses.WriteAsync(requests.Current, context.CancellationToken);
                }
            })
            .Build());
        await _app.StartAsync();

        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        _channel = GrpcChannel.ForAddress(address);
        _duplex = _channel.DuplexStreaming(BenchmarkMessages.Duplex);
    }

    [GlobalCleanup]
    public async Task CleanupAsync()
    {
        await _duplex.RequestStream.CompleteAsync();
        _duplex.Dispose();
        _channel.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One unary call: a new HTTP/2 stream, request, response and trailers.</summary>
    [Benchmark]
    public Task<BytesValue> UnaryRoundTrip() => _channel.UnaryAsync(BenchmarkMessages.Unary, _message);

    /// <summary>One message each way on an open duplex stream.</summary>
    [Benchmark]
    public async Task<BytesValue> DuplexRoundTrip()
    {
        await _duplex.RequestStream.WriteAsync(_message);
        if (!await _duplex.ResponseStream.MoveNext())
        {
            throw new InvalidOperationException("The duplex stream ended.");
        }

        return _duplex.ResponseStream.Current;
    }
}
