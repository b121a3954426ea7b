using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using VoiceAgent.Redis;
using VoiceAgent.Tests.Redis.Infrastructure;

namespace VoiceAgent.Tests.Redis;

public sealed class TelemetryTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>
{
    [Fact]
    public async Task CommandsAreMeasuredWithDatabaseSemanticConventionNames()
    {
        var measurements = new ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "VoiceAgent.Redis")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.SetMeasurementEventCallback<long>((i, v, tags, _) => measurements.Enqueue((i.Name, v, ToDictionary(tags))));
        listener.Start();
        await using var client = await RedisClient.ConnectAsync(TestTimeouts.Relaxed(redis.ConnectionString)).WaitAsync(TestTimeouts.Default);
        var key = $"telemetry:{Guid.NewGuid():N}";
        var port = redis.Server.Port;

        await client.IncrAsync(key);
        await client.RPushAsync(key + ":list", "x");
        await Assert.ThrowsAsync<RedisServerException>(() => client.IncrAsync(key + ":list"));

        var mine = measurements.Where(m => Equals(m.Tags.GetValueOrDefault("server.port"), port)).ToList();
        var durations = mine.Where(m => m.Instrument == "db.client.operation.duration").ToList();
        var incr = Assert.Single(durations, m => "INCR".Equals(m.Tags["db.operation.name"]) && !m.Tags.ContainsKey("error.type"));
        Assert.Equal("redis", incr.Tags["db.system.name"]);
        Assert.Equal("127.0.0.1", incr.Tags["server.address"]);
        Assert.Equal("0", incr.Tags["db.namespace"]);
        Assert.InRange(incr.Value, 0, 30);
        Assert.Contains(durations, m => "RPUSH".Equals(m.Tags["db.operation.name"]));
        var error = Assert.Single(mine, m => m.Instrument == "voiceagent.redis.errors");
        Assert.Equal("WRONGTYPE", error.Tags["error.type"]);
        Assert.Equal("INCR", error.Tags["db.operation.name"]);
        Assert.Equal(3 + 1, mine.Count(m => m.Instrument == "voiceagent.redis.commands"));
    }

    [Fact]
    public async Task EachCommandIsAClientSpanWhenSomeoneListens()
    {
        var port = redis.Server.Port;
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == "VoiceAgent.Redis",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity => spans.Enqueue(activity),
        };
        ActivitySource.AddActivityListener(listener);
        await using var client = await RedisClient.ConnectAsync(TestTimeouts.Relaxed(redis.ConnectionString)).WaitAsync(TestTimeouts.Default);

        await client.GetAsync($"telemetry:{Guid.NewGuid():N}");

        var get = Assert.Single(spans, s => s.DisplayName == "GET" && Equals(s.GetTagItem("server.port"), port));
        Assert.Equal(ActivityKind.Client, get.Kind);
        Assert.Equal("redis", get.GetTagItem("db.system.name"));
        Assert.Equal("GET", get.GetTagItem("db.operation.name"));
        Assert.Equal(ActivityStatusCode.Unset, get.Status);
    }

    private static Dictionary<string, object?> ToDictionary(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var dictionary = new Dictionary<string, object?>();
        foreach (var (key, value) in tags)
        {
            dictionary[key] = value;
        }

        return dictionary;
    }
}
