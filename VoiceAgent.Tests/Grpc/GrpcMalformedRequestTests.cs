using System.Net;
using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

/// <summary>Requests that no conforming client sends, made by hand over HTTP/2, must get a clear status and leave the server healthy.</summary>
public sealed class GrpcMalformedRequestTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);
    private readonly RawGrpcClient _client = RawGrpcClient.Create();
    private GrpcTestServer _server = null!;

    public async Task InitializeAsync()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, static (request, context) => Task.FromResult("echo:" + request))
            .AddDuplexStreamingMethod(TestMethods.Duplex, static async (requests, responses, context) =>
            {
                await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
                {
                    await responses.WriteAsync(request, context.CancellationToken);
                }
            })
            .Build();
        _server = await GrpcTestServer.StartAsync(service);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task AWellFormedRawRequestIsAnswered()
    {
        var response = await SendAsync(TestMethods.Unary.FullName, RawGrpcClient.Frame("hi"u8));

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("echo:hi"u8.ToArray(), Assert.Single(response.Messages));
        Assert.True(response.HadTrailers);
    }

    [Theory]
    [InlineData((byte)1, "13")]
    [InlineData((byte)2, "13")]
    public async Task ACompressedOrInvalidFlagIsInternal(byte flag, string expectedStatus)
    {
        var response = await SendAsync(TestMethods.Unary.FullName, RawGrpcClient.Frame("hi"u8, flag));

        Assert.Equal(expectedStatus, response.GrpcStatus);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task ATruncatedFrameIsInternal()
    {
        var response = await SendAsync(TestMethods.Unary.FullName, RawGrpcClient.Frame("hi"u8, declaredLength: 10));

        Assert.Equal("13", response.GrpcStatus);
        await AssertServerStillServesAsync();
    }

    [Fact]
    public async Task APartialPrefixIsInternal()
    {
        var response = await SendAsync(TestMethods.Duplex.FullName, [0, 0, 0]);

        Assert.Equal("13", response.GrpcStatus);
    }

    [Fact]
    public async Task AUnaryRequestWithoutMessageIsUnimplemented()
    {
        var response = await SendAsync(TestMethods.Unary.FullName, []);

        Assert.Equal("12", response.GrpcStatus);
    }

    [Fact]
    public async Task AUnaryRequestWithTwoMessagesIsUnimplemented()
    {
        var response = await SendAsync(TestMethods.Unary.FullName, [.. RawGrpcClient.Frame("a"u8), .. RawGrpcClient.Frame("b"u8)]);

        Assert.Equal("12", response.GrpcStatus);
    }

    [Fact]
    public async Task AnUnsupportedGrpcEncodingIsUnimplemented()
    {
        var response = await SendAsync(TestMethods.Unary.FullName, RawGrpcClient.Frame("hi"u8, flag: 1), ("grpc-encoding", "gzip"));

        Assert.Equal("12", response.GrpcStatus);
    }

    [Fact]
    public async Task AnUnknownMethodIsUnimplementedTrailersOnly()
    {
        var response = await SendAsync("/voiceagent.test.Echo/Nope", RawGrpcClient.Frame("hi"u8));

        Assert.Equal(HttpStatusCode.OK, response.HttpStatus);
        Assert.Equal("12", response.GrpcStatus);
        Assert.Equal("Method is unimplemented.", response.GrpcMessage);
        Assert.False(response.HadTrailers);
    }

    [Fact]
    public async Task AnUnknownServiceIsUnimplemented()
    {
        var response = await SendAsync("/some.Other/Method", RawGrpcClient.Frame("hi"u8));

        Assert.Equal("12", response.GrpcStatus);
        Assert.Equal("Service is unimplemented.", response.GrpcMessage);
    }

    [Fact]
    public async Task AKnownMethodWithANonGrpcContentTypeIs415()
    {
        var response = await SendAsync(TestMethods.Unary.FullName, "{}"u8.ToArray(), ("content-type", "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.HttpStatus);
    }

    [Fact]
    public async Task ANonGrpcRequestToAnUnknownPathIsLeftToTheApplication()
    {
        var response = await SendAsync("/not/grpc", "{}"u8.ToArray(), ("content-type", "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.HttpStatus);
        Assert.Null(response.GrpcStatus);
    }

    private Task<RawGrpcResponse> SendAsync(string path, byte[] body, params (string Name, string Value)[] headers) =>
        _client.SendAsync(_server.Address, path, body, headers).WaitAsync(Timeout);

    private async Task AssertServerStillServesAsync()
    {
        using var channel = _server.CreateChannel();
        Assert.Equal("echo:ok", await channel.UnaryAsync(TestMethods.Unary, "ok").WaitAsync(Timeout));
    }
}
