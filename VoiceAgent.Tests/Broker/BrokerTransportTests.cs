using System.Diagnostics.Metrics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using VoiceAgent.Broker;
using VoiceAgent.Broker.Diagnostics;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Tests.Broker;

public sealed class BrokerTransportTests
{
    [Fact]
    public async Task WithACertificateTheGrpcPortSpeaksTls()
    {
        var folder = Directory.CreateTempSubdirectory("broker-tls-");
        try
        {
            var path = Path.Combine(folder.FullName, "broker.pfx");
            using (var rsa = RSA.Create(2048))
            {
                var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
                var names = new SubjectAlternativeNameBuilder();
                names.AddIpAddress(System.Net.IPAddress.Loopback);
                request.CertificateExtensions.Add(names.Build());
                using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
                await File.WriteAllBytesAsync(path, certificate.Export(X509ContentType.Pfx, "pfx-password"));
            }

            await using var broker = await EmbeddedBroker.StartAsync(options =>
            {
                options.Topics.Add("secure");
                options.CertificatePath = path;
                options.CertificatePassword = "pfx-password";
            }).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal("https", broker.GrpcEndpoint.Scheme);
            Assert.EndsWith("Tls=true", broker.ConnectionString, StringComparison.Ordinal);

            using var channel = GrpcChannel.ForAddress(broker.GrpcEndpoint, new GrpcChannelOptions
            {
                SslOptions = new System.Net.Security.SslClientAuthenticationOptions { RemoteCertificateValidationCallback = (_, _, _, _) => true },
            });
            var route = await channel.UnaryAsync(MessagingService.QueryRoute, new QueryRouteRequest { Topic = new Resource { Name = "secure" } })
                .WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(Code.Ok, route.Status.Code);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task TrafficShowsUpInTheBrokersMetrics()
    {
        await using var broker = await EmbeddedBroker.StartAsync(options =>
        {
            options.Topics.AddRange(["metered", "sessions:LITE"]);
            options.Groups.Add("listeners:lite-bind=sessions");
            options.MetricsTopLiteTopics = 2;
        }).WaitAsync(TimeSpan.FromSeconds(30));
        var meter = broker.Core.Metrics.Meter;
        var measurements = new List<(string Name, long Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (ReferenceEquals(instrument.Meter, meter))
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            lock (measurements)
            {
                measurements.Add((instrument.Name, value, tags.ToArray().ToDictionary(tag => tag.Key, tag => tag.Value)));
            }
        });
        listener.Start();

        await using var client = new RawClient(broker);
        await client.ConnectAsync(ClientType.SimpleConsumer, "meter-readers", "metered");
        await client.SendAsync("metered", "one");
        foreach (var message in (await client.ReceiveAsync("meter-readers", "metered")).Messages)
        {
            await client.AckAsync("meter-readers", message);
        }

        for (var i = 0; i < 3; i++)
        {
            await client.SendAsync("sessions", "x", liteTopic: $"s{i}");
        }

        await client.SendAsync("sessions", "x", liteTopic: "s0");
        listener.RecordObservableInstruments();

        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Name == "voiceagent.broker.messages.in" && Equals(m.Tags[BrokerTelemetry.TopicTag], "metered"));
            Assert.Contains(measurements, m => m.Name == "voiceagent.broker.messages.out" && Equals(m.Tags[BrokerTelemetry.GroupTag], "meter-readers"));
            Assert.Contains(measurements, m => m.Name == "voiceagent.broker.lite_topics.created" && Equals(m.Tags[BrokerTelemetry.TopicTag], "sessions"));
            Assert.Contains(measurements, m => m.Name == "voiceagent.broker.lite_topics" && m.Value == 3);
            var top = measurements.Where(m => m.Name == "voiceagent.broker.lite_topic.backlog.top").ToList();
            Assert.Equal(2, top.Count);
            Assert.Contains(top, m => Equals(m.Tags[BrokerTelemetry.LiteTopicTag], "s0") && m.Value == 2);
            Assert.Contains(measurements, m => m.Name == "voiceagent.broker.backlog" && Equals(m.Tags[BrokerTelemetry.GroupTag], "listeners") && m.Value == 4);
        }
    }
}
