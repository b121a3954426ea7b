using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcEndToEndTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static GrpcServiceDefinition EchoService() => GrpcServiceDefinition.CreateBuilder()
        .AddUnaryMethod(TestMethods.Unary, static (request, context) => Task.FromResult("echo:" + request))
        .AddServerStreamingMethod(TestMethods.ServerStreaming, static async (request, responses, context) =>
        {
            var count = int.Parse(request, System.Globalization.CultureInfo.InvariantCulture);
            for (var i = 0; i < count; i++)
            {
                await responses.WriteAsync($"item {i}", context.CancellationToken);
            }
        })
        .AddClientStreamingMethod(TestMethods.ClientStreaming, static async (requests, context) =>
        {
            var all = new List<string>();
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
            {
                all.Add(request);
            }

            return string.Join(",", all);
        })
        .AddDuplexStreamingMethod(TestMethods.Duplex, static async (requests, responses, context) =>
        {
            await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
            {
                await responses.WriteAsync("re:" + request, context.CancellationToken);
            }
        })
        .Build();

    [Fact]
    public async Task UnaryCallReturnsTheHandlersResponse()
    {
        await using var server = await GrpcTestServer.StartAsync(EchoService());
        using var channel = server.CreateChannel();

        var response = await channel.UnaryAsync(TestMethods.Unary, "hello").WaitAsync(Timeout);

        Assert.Equal("echo:hello", response);
    }

    [Fact]
    public async Task ServerStreamingCallDeliversEveryMessageThenOk()
    {
        await using var server = await GrpcTestServer.StartAsync(EchoService());
        using var channel = server.CreateChannel();

        using var timeout = new CancellationTokenSource(Timeout);
        using var call = channel.ServerStreaming(TestMethods.ServerStreaming, "5");
        var received = new List<string>();
        await foreach (var item in call.ResponseStream.ReadAllAsync(timeout.Token))
        {
            received.Add(item);
        }

        Assert.Equal(["item 0", "item 1", "item 2", "item 3", "item 4"], received);
        Assert.Equal(GrpcStatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task ClientStreamingCallGetsOneResponseAfterTheRequestStreamCompletes()
    {
        await using var server = await GrpcTestServer.StartAsync(EchoService());
        using var channel = server.CreateChannel();

        using var call = channel.ClientStreaming(TestMethods.ClientStreaming);
        await call.RequestStream.WriteAsync("a").WaitAsync(Timeout);
        await call.RequestStream.WriteAsync("b").WaitAsync(Timeout);
        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);

        Assert.Equal("a,b", await call.ResponseAsync.WaitAsync(Timeout));
    }

    [Fact]
    public async Task DuplexCallAnswersEachMessageBeforeTheNextIsSent()
    {
        await using var server = await GrpcTestServer.StartAsync(EchoService());
        using var channel = server.CreateChannel();

        using var call = channel.DuplexStreaming(TestMethods.Duplex);
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync($"m{i}").WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
            Assert.Equal($"re:m{i}", call.ResponseStream.Current);
        }

        await call.RequestStream.CompleteAsync().WaitAsync(Timeout);
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal(GrpcStatusCode.OK, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task AServerThatEndsADuplexCallEarlyEndsItForTheClientToo()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddDuplexStreamingMethod(TestMethods.Duplex, static async (requests, responses, context) =>
            {
                Assert.True(await requests.MoveNext(context.CancellationToken));
                await responses.WriteAsync("only one", context.CancellationToken);
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        using var call = channel.DuplexStreaming(TestMethods.Duplex);
        await call.RequestStream.WriteAsync("first").WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.OK, call.GetStatus().StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(() => call.RequestStream.WriteAsync("too late").WaitAsync(Timeout));
    }

    [Fact]
    public async Task OneChannelServesManyCallsOneAfterAnother()
    {
        await using var server = await GrpcTestServer.StartAsync(EchoService());
        using var channel = server.CreateChannel();

        for (var i = 0; i < 200; i++)
        {
            using var call = channel.DuplexStreaming(TestMethods.Duplex);
            await call.RequestStream.WriteAsync($"{i}").WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
            Assert.Equal($"re:{i}", call.ResponseStream.Current);
            Assert.Equal($"echo:{i}", await channel.UnaryAsync(TestMethods.Unary, $"{i}").WaitAsync(Timeout));
        }
    }

    [Fact]
    public async Task CallsEndedByTheServerFreeTheirHttp2StreamsWithoutDispose()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddDuplexStreamingMethod(TestMethods.Duplex, static async (requests, responses, context) =>
            {
                Assert.True(await requests.MoveNext(context.CancellationToken));
                await responses.WriteAsync(requests.Current, context.CancellationToken);
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service, configureKestrel: kestrel => kestrel.Limits.Http2.MaxStreamsPerConnection = 20);
        using var channel = server.CreateChannel(new GrpcChannelOptions { EnableMultipleHttp2Connections = false });

        // Three times the stream limit on one connection: a stream left open by the client would block the rest.
        for (var i = 0; i < 60; i++)
        {
            var call = channel.DuplexStreaming(TestMethods.Duplex);
            await call.RequestStream.WriteAsync($"{i}").WaitAsync(Timeout);
            Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
            Assert.False(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        }
    }
}
