using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using VoiceAgent.Grpc;

namespace VoiceAgent.Tests.Grpc;

public sealed class GrpcMetricsTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ClientAndServerRecordCallDurationsByMethodAndStatus()
    {
        // A service name of its own keeps other test classes' calls out of the measurements.
        var serviceName = $"metrics{Guid.NewGuid():N}.Echo";
        var method = new Method<string, string>(MethodType.Unary, serviceName, "Call", TestMethods.Utf8, TestMethods.Utf8);
        var measurements = new ConcurrentQueue<(string Instrument, double Seconds, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GrpcTelemetry.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) =>
        {
            var tagMap = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                tagMap[tag.Key] = tag.Value;
            }

            if (Equals(tagMap.GetValueOrDefault("rpc.service"), serviceName))
            {
                measurements.Enqueue((instrument.Name, value, tagMap));
            }
        });
        listener.Start();

        var service = GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(method, (request, context) => request == "fail"
                ? throw new RpcException(new GrpcStatus(GrpcStatusCode.NotFound, "nope"))
                : Task.FromResult(request))
            .Build();
        await using var server = await GrpcTestServer.StartAsync(service);
        using var channel = server.CreateChannel();

        await channel.UnaryAsync(method, "ok").WaitAsync(Timeout);
        await Assert.ThrowsAsync<RpcException>(() => channel.UnaryAsync(method, "fail").WaitAsync(Timeout));

        // The server records after it has answered, so its measurement may come just after the client's.
        var deadline = DateTime.UtcNow + Timeout;
        while (measurements.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        var seen = measurements.Select(m => (m.Instrument, Code: m.Tags["rpc.grpc.status_code"], Method: m.Tags["rpc.method"], System: m.Tags["rpc.system"])).ToList();
        Assert.Contains(("rpc.client.call.duration", (object?)0, (object?)"Call", (object?)"grpc"), seen);
        Assert.Contains(("rpc.client.call.duration", (object?)5, (object?)"Call", (object?)"grpc"), seen);
        Assert.Contains(("rpc.server.call.duration", (object?)0, (object?)"Call", (object?)"grpc"), seen);
        Assert.Contains(("rpc.server.call.duration", (object?)5, (object?)"Call", (object?)"grpc"), seen);
        Assert.All(measurements, m => Assert.InRange(m.Seconds, 0, Timeout.TotalSeconds));
    }
}
