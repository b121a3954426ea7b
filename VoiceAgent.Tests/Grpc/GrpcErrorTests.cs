using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc;
using VoiceAgent.Tests.Infrastructure;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcErrorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly Method<string, string> NoStatus = new(MethodType.Unary, "weird.Server", "NoStatus", TestMethods.Utf8, TestMethods.Utf8);
    private static readonly Method<string, string> Http503 = new(MethodType.Unary, "weird.Server", "Http503", TestMethods.Utf8, TestMethods.Utf8);
    private static readonly Method<string, string> Http401 = new(MethodType.Unary, "weird.Server", "Http401", TestMethods.Utf8, TestMethods.Utf8);
    private static readonly Method<string, string> NotGrpc = new(MethodType.Unary, "weird.Server", "NotGrpc", TestMethods.Utf8, TestMethods.Utf8);
    private static readonly Method<string, string> Compressed = new(MethodType.Unary, "weird.Server", "Compressed", TestMethods.Utf8, TestMethods.Utf8);
    private static readonly Method<string, string> Gzip = new(MethodType.Unary, "weird.Server", "Gzip", TestMethods.Utf8, TestMethods.Utf8);
    private static readonly Method<string, string> Unknown = new(MethodType.Unary, "voiceagent.test.Echo", "Unknown", TestMethods.Utf8, TestMethods.Utf8);

    [Fact]
    public async Task AHandlerExceptionIsInternalWithAGenericMessageAndIsLogged()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) => throw new InvalidOperationException("secret connection string"))
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Unary, "x").WaitAsync(Timeout));

        Assert.Equal(new GrpcStatus(GrpcStatusCode.Internal, "Exception was thrown by handler."), error.Status);
        Assert.DoesNotContain("secret", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.Status.Detail, StringComparison.Ordinal);
        Assert.Contains(server.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task DetailedErrorsAndTheExceptionHookChooseTheStatus()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) => request == "timeout"
                ? throw new TimeoutException("backend slow")
                : throw new InvalidOperationException("detail shown"))
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service, options =>
        {
            options.EnableDetailedErrors = true;
            options.ExceptionToStatus = ex => ex is TimeoutException ? new GrpcStatus(GrpcStatusCode.Unavailable, "try again") : null;
        });
        using var channel = server.CreateChannel();

        var mapped = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Unary, "timeout").WaitAsync(Timeout));
        var detailed = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Unary, "other").WaitAsync(Timeout));

        Assert.Equal(new GrpcStatus(GrpcStatusCode.Unavailable, "try again"), mapped.Status);
        Assert.Equal(GrpcStatusCode.Internal, detailed.StatusCode);
        Assert.Contains("detail shown", detailed.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHandlerThatThrowsRpcExceptionEndsTheCallWithItsStatusAndTrailersWithoutAnErrorLog()
    {
        // How a handler answers a malformed request field (say, a Duration out of range) with a precise status.
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) => throw new RpcException(
                new GrpcStatus(GrpcStatusCode.InvalidArgument, "long_polling_timeout is not a valid duration"),
                new Metadata { { "x-field", "long_polling_timeout" } }))
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Unary, "x").WaitAsync(Timeout));

        Assert.Equal(new GrpcStatus(GrpcStatusCode.InvalidArgument, "long_polling_timeout is not a valid duration"), error.Status);
        Assert.Equal("long_polling_timeout", error.Trailers.GetValue("x-field"));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task AnExceptionThatTheHookMapsIsAnExpectedFailureAndIsNotLoggedAsAnError()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) => request == "mapped"
                ? throw new ArgumentOutOfRangeException(nameof(request), "nanos must be in [0, 1e9)")
                : throw new InvalidOperationException("a bug"))
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service, options =>
            options.ExceptionToStatus = ex => ex is ArgumentOutOfRangeException ? new GrpcStatus(GrpcStatusCode.InvalidArgument, "bad field") : null);
        using var channel = server.CreateChannel();

        var mapped = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Unary, "mapped").WaitAsync(Timeout));
        Assert.DoesNotContain(server.Logs.Entries, e => e.Level >= LogLevel.Error);
        var unmapped = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Unary, "bug").WaitAsync(Timeout));

        Assert.Equal(new GrpcStatus(GrpcStatusCode.InvalidArgument, "bad field"), mapped.Status);
        Assert.Equal(GrpcStatusCode.Internal, unmapped.StatusCode);
        Assert.Single(server.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task AnUnknownMethodIsUnimplementedAndOtherEndpointsStillWork()
    {
        await using var server = await GrpcTestServer.StartAsync(
            GrpcServiceDefinition.CreateBuilder().AddUnaryMethod(TestMethods.Unary, (r, c) => Task.FromResult(r)).Build(),
            configureApp: app => app.MapGet("/hello", () => "plain http"));
        using var channel = server.CreateChannel();
        using var http = new HttpClient { DefaultRequestVersion = HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(Unknown, "x").WaitAsync(Timeout));
        var plain = await http.GetStringAsync(new Uri(server.Address, "/hello")).WaitAsync(Timeout);
        var missing = await http.GetAsync(new Uri(server.Address, "/missing")).WaitAsync(Timeout);

        Assert.Equal(new GrpcStatus(GrpcStatusCode.Unimplemented, "Method is unimplemented."), error.Status);
        Assert.Equal("plain http", plain);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task HttpErrorsAndBrokenResponsesMapToGrpcStatuses()
    {
        await using var server = await GrpcTestServer.StartAsync(
            GrpcServiceDefinition.CreateBuilder().AddUnaryMethod(TestMethods.Unary, (r, c) => Task.FromResult(r)).Build(),
            configureApp: app =>
            {
                app.MapPost(Http503.FullName, (HttpContext context) => context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable);
                app.MapPost(Http401.FullName, (HttpContext context) => context.Response.StatusCode = StatusCodes.Status401Unauthorized);
                app.MapPost(NotGrpc.FullName, () => "some text");
                app.MapPost(Compressed.FullName, async (HttpContext context) =>
                {
                    context.Response.ContentType = "application/grpc";
                    context.Response.AppendTrailer("grpc-status", "0");
                    await context.Response.Body.WriteAsync(RawGrpcClient.Frame("zipped"u8, flag: 1));
                });
                app.MapPost(Gzip.FullName, (HttpContext context) =>
                {
                    context.Response.ContentType = "application/grpc";
                    context.Response.Headers["grpc-encoding"] = "gzip";
                    context.Response.AppendTrailer("grpc-status", "0");
                });
                app.MapPost(NoStatus.FullName, async (HttpContext context) =>
                {
                    context.Response.ContentType = "application/grpc";
                    await context.Response.Body.WriteAsync(RawGrpcClient.Frame("no status"u8));
                });
            });
        using var channel = server.CreateChannel();

        Assert.Equal(GrpcStatusCode.Unavailable, (await CallAsync(channel, Http503)).StatusCode);
        Assert.Equal(GrpcStatusCode.Unauthenticated, (await CallAsync(channel, Http401)).StatusCode);
        Assert.Equal(GrpcStatusCode.Internal, (await CallAsync(channel, NotGrpc)).StatusCode);
        var compressed = await CallAsync(channel, Compressed);
        Assert.Equal(GrpcStatusCode.Internal, compressed.StatusCode);
        Assert.Contains("compressed", compressed.Status.Detail, StringComparison.Ordinal);
        var gzip = await CallAsync(channel, Gzip);
        Assert.Equal(GrpcStatusCode.Internal, gzip.StatusCode);
        Assert.Contains("gzip", gzip.Status.Detail, StringComparison.Ordinal);
        var noStatus = await CallAsync(channel, NoStatus);
        Assert.Equal(GrpcStatusCode.Unknown, noStatus.StatusCode);
        Assert.Contains("grpc-status", noStatus.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnHttpErrorThatCarriesAGrpcStatusReportsThatStatusRatherThanTheHttpMapping()
    {
        var tooMany = new Method<string, string>(MethodType.Unary, "weird.Server", "TooMany", TestMethods.Utf8, TestMethods.Utf8);
        await using var server = await GrpcTestServer.StartAsync(
            GrpcServiceDefinition.CreateBuilder().AddUnaryMethod(TestMethods.Unary, (r, c) => Task.FromResult(r)).Build(),
            configureApp: app =>
            {
                // Rewrites the content type of a real gRPC request, so that our own server rejects it at the HTTP level.
                app.Use((context, next) =>
                {
                    if (context.Request.Headers["x-test-content-type"] is [{ } contentType])
                    {
                        context.Request.ContentType = contentType;
                    }

                    return next(context);
                });
                app.MapPost(tooMany.FullName, (HttpContext context) =>
                {
                    context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                    context.Response.Headers["grpc-status"] = "8";
                    context.Response.Headers["grpc-message"] = "slow%20down";
                });
            });
        using var channel = server.CreateChannel();

        var rejected = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(
            TestMethods.Unary, "x", new CallOptions(new Metadata { { "x-test-content-type", "application/json" } })).WaitAsync(Timeout));
        var limited = await CallAsync(channel, tooMany);

        Assert.Equal(new GrpcStatus(GrpcStatusCode.Internal, "Content-Type 'application/json' is not supported."), rejected.Status);
        Assert.Equal(new GrpcStatus(GrpcStatusCode.ResourceExhausted, "slow down"), limited.Status);
    }

    [Fact]
    public async Task ARefusedConnectionIsUnavailable()
    {
        var port = FreePort.Next();
        using var channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");

        var error = await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(TestMethods.Unary, "x").WaitAsync(Timeout));

        Assert.Equal(GrpcStatusCode.Unavailable, error.StatusCode);
        Assert.IsType<HttpRequestException>(error.InnerException);
    }

    [Fact]
    public async Task TheServerDroppingTheConnectionMidStreamIsUnavailable()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddServerStreamingMethod(TestMethods.ServerStreaming, async (request, responses, context) =>
            {
                await responses.WriteAsync("first");
                started.TrySetResult();
                await Task.Delay(System.Threading.Timeout.Infinite, context.CancellationToken);
            })
            .Build();
        var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        using var call = channel.ServerStreaming(TestMethods.ServerStreaming, "x");
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        await started.Task.WaitAsync(Timeout);
        await server.AbortAsync();

        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.True(error.StatusCode == GrpcStatusCode.Unavailable, error.Status.ToString());
    }

    [Fact]
    public void AChannelNeedsAnHttpOrHttpsAddress()
    {
        Assert.Throws<ArgumentException>(() => GrpcChannel.ForAddress("ftp://127.0.0.1:1"));
        Assert.Throws<UriFormatException>(() => GrpcChannel.ForAddress("127.0.0.1:1"));
    }

    [Fact]
    public void ADisposedChannelRefusesNewCalls()
    {
        var channel = GrpcChannel.ForAddress("http://127.0.0.1:1");
        channel.Dispose();

        Assert.Throws<ObjectDisposedException>(() => channel.AsyncUnaryCall(TestMethods.Unary, "x"));
        Assert.Throws<ObjectDisposedException>(() => channel.DuplexStreaming(TestMethods.Duplex));
    }

    private static async Task<RpcException> CallAsync(GrpcChannel channel, Method<string, string> method) =>
        await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(method, "x").WaitAsync(Timeout));
}
