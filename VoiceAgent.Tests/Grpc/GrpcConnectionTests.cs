using System.Collections.Concurrent;
using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcConnectionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ABurstOfStreamsOverTheServersLimitSpreadsOverSeveralConnectionsWithoutLosingMessages()
    {
        const int Streams = 40;
        var connections = new ConcurrentDictionary<string, byte>();
        var allOpen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var open = 0;
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddDuplexStreamingMethod(TestMethods.Duplex, async (requests, responses, context) =>
            {
                connections.TryAdd(context.GetHttpContext().Connection.Id, 0);
                if (Interlocked.Increment(ref open) == Streams)
                {
                    allOpen.TrySetResult();
                }

                await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
                {
                    await responses.WriteAsync(request, context.CancellationToken);
                }
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(
            service, configureKestrel: kestrel => kestrel.Limits.Http2.MaxStreamsPerConnection = 10);
        using var channel = server.CreateChannel();

        // The burst passes the stream limit before the client has the server's SETTINGS: the server refuses the extra
        // streams (REFUSED_STREAM) and the client must send them again, messages included.
        var calls = Enumerable.Range(0, Streams).Select(_ => channel.DuplexStreaming(TestMethods.Duplex)).ToList();
        var written = 0;
        try
        {
            await Task.WhenAll(calls.Select(async (call, i) =>
            {
                await call.RequestStream.WriteAsync($"hello {i}");
                Interlocked.Increment(ref written);
            })).WaitAsync(TimeSpan.FromSeconds(20));
            await allOpen.Task.WaitAsync(Timeout);
            await Task.WhenAll(calls.Select(async (call, i) =>
            {
                Assert.True(await call.ResponseStream.MoveNext());
                Assert.Equal($"hello {i}", call.ResponseStream.Current);
                await call.RequestStream.CompleteAsync();
                Assert.False(await call.ResponseStream.MoveNext());
            })).WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            var logs = string.Join("\n", server.Logs.Entries.Where(e => e.Category.Contains("Kestrel", StringComparison.Ordinal)).Select(e => e.Message + " " + e.Exception?.Message).Distinct().Take(40));
            var states = string.Join(",", calls.Select(c => { try { return c.GetStatus().ToString(); } catch (InvalidOperationException) { return "running"; } }));
            Assert.Fail($"written {written}, open {open}, connections {connections.Count}\n{states}");
        }
        finally
        {
            calls.ForEach(call => call.Dispose());
        }

        Assert.True(connections.Count >= Streams / 10, $"{Streams} streams used {connections.Count} connections");
    }

    [Fact]
    public async Task HundredsOfConcurrentUnaryCallsAllSucceed()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, static (request, context) => Task.FromResult("echo:" + request))
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        var responses = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => channel.UnaryAsync(TestMethods.Unary, $"{i}"))).WaitAsync(Timeout);

        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"echo:{i}"), responses);
    }

    [Fact]
    public async Task KeepAlivePingsKeepIdleConnectionsAndStreamsUsable()
    {
        var connections = new ConcurrentBag<string>();
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) =>
            {
                connections.Add(context.GetHttpContext().Connection.Id);
                return Task.FromResult(request);
            })
            .AddDuplexStreamingMethod(TestMethods.Duplex, static async (requests, responses, context) =>
            {
                await foreach (var request in requests.ReadAllAsync(context.CancellationToken))
                {
                    await responses.WriteAsync(request, context.CancellationToken);
                }
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service, configureKestrel: kestrel =>
        {
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(1);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(5);
        });
        using var channel = server.CreateChannel(new GrpcChannelOptions
        {
            KeepAlivePingDelay = TimeSpan.FromSeconds(1),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(5),
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.Always,
        });

        await channel.UnaryAsync(TestMethods.Unary, "before").WaitAsync(Timeout);
        using var call = channel.DuplexStreaming(TestMethods.Duplex);
        await call.RequestStream.WriteAsync("first").WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));

        // Idle time is what this test is about: several ping intervals on both sides pass with no traffic.
        await Task.Delay(TimeSpan.FromSeconds(3.5));

        await call.RequestStream.WriteAsync("second").WaitAsync(Timeout);
        Assert.True(await call.ResponseStream.MoveNext().WaitAsync(Timeout));
        Assert.Equal("second", call.ResponseStream.Current);
        await channel.UnaryAsync(TestMethods.Unary, "after").WaitAsync(Timeout);
        Assert.Single(connections.Distinct());
    }

    [Fact]
    public async Task HttpsUsesTlsWithAlpnH2()
    {
        using var certificate = CreateCertificate();
        var protocols = new ConcurrentBag<string>();
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, (request, context) =>
            {
                protocols.Add(context.GetHttpContext().Request.Protocol + (context.GetHttpContext().Request.IsHttps ? " tls" : " clear"));
                return Task.FromResult("secure:" + request);
            })
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service, certificate: certificate);
        using var channel = GrpcChannel.ForAddress(server.Address, new GrpcChannelOptions
        {
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, cert, _, _) => cert?.GetCertHashString() == certificate.GetCertHashString() },
        });

        Assert.Equal(Uri.UriSchemeHttps, server.Address.Scheme);
        Assert.Equal("secure:hi", await channel.UnaryAsync(TestMethods.Unary, "hi").WaitAsync(Timeout));
        Assert.Equal(["HTTP/2 tls"], protocols);
    }

    [Fact]
    public async Task PeerNamesTheClientsAddressAndPort()
    {
        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(TestMethods.Unary, static (request, context) => Task.FromResult(context.Peer))
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        var peer = await channel.UnaryAsync(TestMethods.Unary, "x").WaitAsync(Timeout);

        Assert.Matches(@"^ipv4:127\.0\.0\.1:\d+$", peer);
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
