using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ;
using VoiceAgent.Tests.RocketMQ.Fakes;
using MessageType = VoiceAgent.RocketMQ.Protocol.MessageType;

namespace VoiceAgent.Tests.RocketMQ;

public sealed class TlsTests
{
    [Fact]
    public async Task WithTlsOnTheClientTalksHttp2OverTls()
    {
        using var certificate = CreateCertificate();
        await using var server = await FakeMessagingServer.StartAsync(s => s.Topics["orders"] = (MessageType.Normal, 1), certificate);
        var dialed = new List<Uri>();
        var options = new RocketMQClientOptions { Endpoints = server.Endpoints, Tls = true };
        await using var client = new RocketMQClient(options, null, uri =>
        {
            lock (dialed)
            {
                dialed.Add(uri);
            }

            return GrpcChannel.ForAddress(uri, new GrpcChannelOptions
            {
                SslOptions = new System.Net.Security.SslClientAuthenticationOptions
                {
                    RemoteCertificateValidationCallback = (_, presented, _, _) => presented?.GetCertHashString() == certificate.GetCertHashString(),
                },
            });
        })
        { Timings = TestClients.FastTimings };

        await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["orders"] }).WaitAsync(TimeSpan.FromSeconds(30));
        await producer.SendAsync(Message.CreateBuilder().SetTopic("orders").SetBody([1]).Build()).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Single(server.CallsOf("SendMessage"));
        Assert.All(dialed, uri => Assert.Equal("https", uri.Scheme));
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
