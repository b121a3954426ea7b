using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcMetadataTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task RequestMetadataReachesTheHandlerAndResponseHeadersAndTrailersReachTheClient()
    {
        var binary = new byte[] { 0, 1, 2, 250, 255 };
        Metadata? seen = null;
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, async (request, context) =>
            {
                seen = context.RequestHeaders;
                await context.WriteResponseHeadersAsync(new Metadata { { "x-header", "h1" }, { "x-header-bin", binary } });
                context.ResponseTrailers.Add("x-trailer", "t1");
                context.ResponseTrailers.Add("x-trailer-bin", binary);
                return request;
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        var headers = new Metadata { { "x-text", "hello world" }, { "x-data-bin", binary }, { "X-Mixed-Case", "v" } };
        using var call = channel.AsyncUnaryCall(TestMethods.Unary, "m", new CallOptions(headers));
        await call.ResponseAsync.WaitAsync(Timeout);

        Assert.NotNull(seen);
        Assert.Equal("hello world", seen.GetValue("x-text"));
        Assert.Equal(binary, seen.GetValueBytes("x-data-bin"));
        Assert.Equal("v", seen.GetValue("x-mixed-case"));
        Assert.StartsWith("grpc-dotnet-voiceagent/", seen.GetValue("user-agent"), StringComparison.Ordinal);
        Assert.Null(seen.GetValue("te"));
        Assert.Null(seen.GetValue("content-type"));

        var responseHeaders = await call.ResponseHeadersAsync.WaitAsync(Timeout);
        Assert.Equal("h1", responseHeaders.GetValue("x-header"));
        Assert.Equal(binary, responseHeaders.GetValueBytes("x-header-bin"));
        Assert.Equal("t1", call.GetTrailers().GetValue("x-trailer"));
        Assert.Equal(binary, call.GetTrailers().GetValueBytes("x-trailer-bin"));
        Assert.Null(call.GetTrailers().GetValue("grpc-status"));
    }

    [Fact]
    public async Task TrailersOfAnErrorBeforeAnyMessageArriveInATrailersOnlyResponse()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) =>
            {
                context.ResponseTrailers.Add("x-reason", "quota");
                throw new RpcException(new GrpcStatus(GrpcStatusCode.PermissionDenied, "not yours"), new Metadata { { "x-extra", "e" } });
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        using var call = channel.AsyncUnaryCall(TestMethods.Unary, "m");
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseAsync.WaitAsync(Timeout));

        Assert.Equal(new GrpcStatus(GrpcStatusCode.PermissionDenied, "not yours"), error.Status);
        Assert.Equal("quota", error.Trailers.GetValue("x-reason"));
        Assert.Equal("e", error.Trailers.GetValue("x-extra"));
        Assert.Equal(GrpcStatusCode.PermissionDenied, call.GetStatus().StatusCode);
    }

    [Fact]
    public async Task StatusSetOnTheContextIsSentWithoutAnException()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddServerStreamingMethod(TestMethods.ServerStreaming, async (request, responses, context) =>
            {
                await responses.WriteAsync("one");
                context.Status = new GrpcStatus(GrpcStatusCode.Aborted, "stopped early: ü");
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        using var call = channel.ServerStreaming(TestMethods.ServerStreaming, "x");
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext().WaitAsync(Timeout));

        Assert.Equal(new GrpcStatus(GrpcStatusCode.Aborted, "stopped early: ü"), error.Status);
    }

    [Fact]
    public void MetadataRejectsKeysThatHttp2CannotCarry()
    {
        var metadata = new Metadata();

        Assert.Throws<ArgumentException>(() => metadata.Add("bad key", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add(":path", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add("x-ключ", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add("x-a\r\nb", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add("x-a/b", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add("", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add("text-bin", "v"));
        Assert.Throws<ArgumentException>(() => metadata.Add("binary", new byte[] { 1 }));
    }

    [Fact]
    public void MetadataAcceptsEveryHttpTokenCharacterInKeysAndLowerCasesThem()
    {
        var metadata = new Metadata { { "X-Odd!#$%&'*+^`|~.Name_9", "v" } };

        Assert.Equal("x-odd!#$%&'*+^`|~.name_9", Assert.Single(metadata).Key);
    }

    [Fact]
    public async Task RequestHeadersWithUnusualButValidNamesReachTheHandlerInsteadOfFailingTheCall()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, static (request, context) =>
                Task.FromResult($"{context.RequestHeaders.GetValue("x-odd!name")}|{context.RequestHeaders.GetValue("x-mesh~id")}|{context.RequestHeaders.GetValue("x-plain")}"))
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var client = RawGrpcClient.Create();

        // A proxy or mesh may add any header HTTP/2 allows; it must never turn into INTERNAL.
        var response = await client.SendAsync(
            server.Address, TestMethods.Unary.FullName, RawGrpcClient.Frame("m"u8), ("x-odd!name", "a"), ("x-mesh~id", "b"), ("x-plain", "c")).WaitAsync(Timeout);

        Assert.Equal("0", response.GrpcStatus);
        Assert.Equal("a|b|c"u8.ToArray(), Assert.Single(response.Messages));
        Assert.DoesNotContain(server.Logs.Entries, entry => entry.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task MetadataKeysWithUnusualButValidNamesTravelFromOurClientToOurServerAndBack()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, static async (request, context) =>
            {
                await context.WriteResponseHeadersAsync(new Metadata { { "x-reply!h", "rh" } });
                context.ResponseTrailers.Add("x-reply~t", "rt");
                return context.RequestHeaders.GetValue("x-odd!name") ?? "(missing)";
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        using var call = channel.AsyncUnaryCall(TestMethods.Unary, "m", new CallOptions(new Metadata { { "X-Odd!Name", "v" } }));

        Assert.Equal("v", await call.ResponseAsync.WaitAsync(Timeout));
        Assert.Equal("rh", (await call.ResponseHeadersAsync.WaitAsync(Timeout)).GetValue("x-reply!h"));
        Assert.Equal("rt", call.GetTrailers().GetValue("x-reply~t"));
    }

    [Fact]
    public async Task ResponseHeadersAndTrailersWithUnusualNamesSetOutsideMetadataDoNotFailTheClientCall()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, static (request, context) =>
            {
                // What a middleware or proxy in front of the handler could add.
                var response = context.GetHttpContext().Response;
                response.Headers.Append("x-odd!header", "h");
                response.AppendTrailer("x-odd!trailer", "t");
                return Task.FromResult(request);
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        using var call = channel.AsyncUnaryCall(TestMethods.Unary, "m");

        Assert.Equal("m", await call.ResponseAsync.WaitAsync(Timeout));
        Assert.Equal("h", (await call.ResponseHeadersAsync.WaitAsync(Timeout)).GetValue("x-odd!header"));
        Assert.Equal("t", call.GetTrailers().GetValue("x-odd!trailer"));
    }

    [Fact]
    public async Task GetRequestHeaderAnswersWhatRequestHeadersWouldWithoutBuildingThem()
    {
        string[] keys = ["x-plain", "X-Plain", "x-repeated", "x-odd!name", "x-missing", "x-data-bin", "content-type", "grpc-timeout", "te", "bad key"];
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) =>
            {
                var direct = keys.Select(key => context.GetRequestHeader(key) ?? "(null)").ToList();
                var built = keys.Select(key => context.RequestHeaders.GetValue(key) ?? "(null)").ToList();
                return Task.FromResult(string.Join("|", direct) + "\n" + string.Join("|", built));
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        var answer = await channel.UnaryAsync(TestMethods.Unary, "x", new CallOptions(new Metadata
        {
            { "x-plain", "p" },
            { "x-repeated", "first" },
            { "x-repeated", "last" },
            { "x-odd!name", "o" },
            { "x-data-bin", new byte[] { 1, 2 } },
        }, Deadline: DateTime.UtcNow.AddMinutes(5))).WaitAsync(Timeout);

        var lines = answer.Split('\n');
        Assert.Equal(lines[1], lines[0]);
        var direct = lines[0].Split('|');
        Assert.Equal(["p", "p"], direct[..2]);
        Assert.EndsWith("last", direct[2], StringComparison.Ordinal);
        Assert.Equal("o", direct[3]);
        Assert.All(direct[4..], value => Assert.Equal("(null)", value));
    }
}
