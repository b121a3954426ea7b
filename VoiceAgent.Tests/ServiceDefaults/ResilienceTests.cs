using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;
using Polly.Timeout;
using VoiceAgent.ServiceDefaults.Resilience;

namespace VoiceAgent.Tests.ServiceDefaults;

/// <summary>
/// The standard resilience handler that AddServiceDefaults puts on every HttpClient, against a real server that
/// fails in chosen ways. Retry delays are shortened for the tests, except where Retry-After sets them.
/// </summary>
public sealed class ResilienceTests
{
    private const string ResilienceCategory = "VoiceAgent.ServiceDefaults.Resilience";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A503IsRetriedAndTheLaterAnswerReturnedWhileTheRetryIsLoggedAndCounted()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Respond.Status(503), Respond.Text("ok"));
        await using var service = await StartServiceAsync();
        using var events = RecordResilienceEvents(service);
        using var client = service.CreateClient();

        var answer = await client.GetStringAsync(new Uri(server.BaseAddress, "/v1/chat?api_key=secret")).WaitAsync(Timeout);

        Assert.Equal("ok", answer);
        Assert.Equal(2, server.RequestCount);
        var log = Assert.Single(service.Logs.Entries, e => e.Category == ResilienceCategory);
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Contains("503", log.Message, StringComparison.Ordinal);
        Assert.Contains("retrying", log.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", log.Message, StringComparison.Ordinal);
        var retry = Assert.Single(events.Measurements);
        Assert.Equal("OnRetry", retry.Tags["event.name"]);
        Assert.Equal("Retry", retry.Tags["strategy.name"]);
        Assert.Equal(503, retry.Tags["http.response.status_code"]);
    }

    [Fact]
    public async Task A429IsRetriedAfterTheSecondsItsRetryAfterHeaderAsksFor()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Respond.Status(429, ("Retry-After", "1")), Respond.Text("ok"));
        await using var service = await StartServiceAsync();
        using var client = service.CreateClient();

        Assert.Equal("ok", await client.GetStringAsync(server.BaseAddress).WaitAsync(Timeout));

        Assert.True(GapBetweenRequests(server, 1, 2) >= TimeSpan.FromMilliseconds(950), $"retried after {GapBetweenRequests(server, 1, 2)}");
    }

    [Fact]
    public async Task ARetryAfterHttpDateIsHonoured()
    {
        var retryAt = DateTimeOffset.UtcNow.AddSeconds(3).ToString("R", System.Globalization.CultureInfo.InvariantCulture);
        await using var server = await ScriptedHttpServer.StartAsync(Respond.Status(503, ("Retry-After", retryAt)), Respond.Text("ok"));
        await using var service = await StartServiceAsync();
        using var client = service.CreateClient();

        Assert.Equal("ok", await client.GetStringAsync(server.BaseAddress).WaitAsync(Timeout));

        // The date has whole seconds: the wait is between 2 and 3 s, far above the 20 ms backoff of these tests.
        Assert.True(GapBetweenRequests(server, 1, 2) >= TimeSpan.FromSeconds(1.5), $"retried after {GapBetweenRequests(server, 1, 2)}");
    }

    [Fact]
    public async Task AnAttemptThatHangsIsCancelledAtTheAttemptTimeoutAndRetried()
    {
        var firstAttemptAbandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttpServer.StartAsync(Respond.Hang(firstAttemptAbandoned));
        server.Fallback = Respond.Text("ok");
        await using var service = await StartServiceAsync(services =>
            services.AddHttpClient("slow").ConfigureStandardResilience(o => o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(500)));
        using var client = service.CreateClient("slow");

        Assert.Equal("ok", await client.GetStringAsync(server.BaseAddress).WaitAsync(Timeout));

        await firstAttemptAbandoned.Task.WaitAsync(Timeout);
        Assert.True(server.RequestCount >= 2);
        Assert.Contains(service.Logs.Entries, e => e.Category == ResilienceCategory && e.Message.Contains("AttemptTimeout of 500 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConnectionClosedWithoutAnswerIsRetried()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Respond.CloseConnection(), Respond.Text("ok"));
        await using var service = await StartServiceAsync();
        using var client = service.CreateClient();

        Assert.Equal("ok", await client.GetStringAsync(server.BaseAddress).WaitAsync(Timeout));

        Assert.Equal(2, server.RequestCount);
        Assert.Contains(service.Logs.Entries, e => e.Category == ResilienceCategory && e.Message.Contains(nameof(HttpRequestException), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AStreamedBodyIsNeverRetried()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Respond.Status(503), Respond.Text("ok"));
        await using var service = await StartServiceAsync();
        using var client = service.CreateClient();
        using var body = new StreamContent(new NonSeekableStream(Encoding.UTF8.GetBytes("pcm audio")));

        using var response = await client.PostAsync(server.BaseAddress, body).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.RequestCount);
        Assert.Equal("pcm audio", Encoding.UTF8.GetString(server.Requests[0].Body));
    }

    [Theory]
    [InlineData("string")]
    [InlineData("json")]
    [InlineData("bytes")]
    public async Task ABufferedBodyIsSentAgainIntact(string kind)
    {
        await using var server = await ScriptedHttpServer.StartAsync(Respond.Status(502), Respond.Text("ok"));
        await using var service = await StartServiceAsync();
        using var client = service.CreateClient();
        using HttpContent body = kind switch
        {
            "string" => new StringContent("""{"model":"mock"}""", Encoding.UTF8, "application/json"),
            "json" => JsonContent.Create(new { model = "mock" }),
            _ => new ByteArrayContent(Encoding.UTF8.GetBytes("""{"model":"mock"}""")) { Headers = { ContentType = new("application/json") } },
        };

        using var response = await client.PostAsync(server.BaseAddress, body).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.RequestCount);
        Assert.All(server.Requests, r => Assert.Equal("""{"model":"mock"}""", Encoding.UTF8.GetString(r.Body)));
        Assert.All(server.Requests, r => Assert.StartsWith("application/json", r.Headers["Content-Type"], StringComparison.Ordinal));
    }

    [Fact]
    public async Task NothingIsRetriedOnceTheCallerHasCancelled()
    {
        var abandoned = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var server = await ScriptedHttpServer.StartAsync(Respond.Hang(abandoned));
        await using var service = await StartServiceAsync();
        using var client = service.CreateClient();
        using var caller = new CancellationTokenSource();

        var request = client.GetAsync(server.BaseAddress, caller.Token);
        await server.WaitForRequestAsync(1);
        await caller.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request.WaitAsync(Timeout));
        await abandoned.Task.WaitAsync(Timeout);
        Assert.Equal(1, server.RequestCount);
        Assert.DoesNotContain(service.Logs.Entries, e => e.Category == ResilienceCategory);
    }

    [Fact]
    public async Task TheTotalTimeoutBoundsAllAttempts()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = Respond.Hang();
        await using var service = await StartServiceAsync(services =>
            services.AddHttpClient("bounded").ConfigureStandardResilience(o =>
            {
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(1);
                o.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(400);
            }));
        using var client = service.CreateClient("bounded");

        var started = Stopwatch.GetTimestamp();
        var error = await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.GetAsync(server.BaseAddress).WaitAsync(Timeout));

        // Without the total timeout, 4 attempts of 400 ms would end on an attempt timeout instead.
        Assert.Equal(TimeSpan.FromSeconds(1), error.Timeout);
        Assert.True(Stopwatch.GetElapsedTime(started) >= TimeSpan.FromSeconds(0.9));
        Assert.InRange(server.RequestCount, 1, 3);
        Assert.Contains(service.Logs.Entries, e => e.Category == ResilienceCategory && e.Message.Contains("TotalRequestTimeout of 1000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task TheCircuitBreakerOpensAfterFailuresAndClosesAfterTheBreak()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        server.Fallback = Respond.Status(503);
        await using var service = await StartServiceAsync(services =>
            services.AddHttpClient("fragile").ConfigureStandardResilience(o =>
            {
                o.Retry.ShouldHandle = _ => ValueTask.FromResult(false);
                o.CircuitBreaker.MinimumThroughput = 2;
                o.CircuitBreaker.FailureRatio = 0.5;
                o.CircuitBreaker.BreakDuration = TimeSpan.FromSeconds(1);
            }));
        using var events = RecordResilienceEvents(service);
        using var client = service.CreateClient("fragile");

        using (await client.GetAsync(server.BaseAddress).WaitAsync(Timeout))
        using (await client.GetAsync(server.BaseAddress).WaitAsync(Timeout))
        {
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync(server.BaseAddress).WaitAsync(Timeout));
        Assert.Equal(2, server.RequestCount);
        Assert.Contains(service.Logs.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("circuit breaker opened", StringComparison.Ordinal));

        server.Fallback = Respond.Text("recovered");
        var answer = await Eventually.ReturnsAsync(
            async () =>
            {
                try
                {
                    return await client.GetStringAsync(server.BaseAddress).WaitAsync(Timeout);
                }
                catch (BrokenCircuitException)
                {
                    return null;
                }
            },
            "the circuit to let a trial request through");

        Assert.Equal("recovered", answer);
        Assert.Contains(service.Logs.Entries, e => e.Message.Contains("circuit breaker closed", StringComparison.Ordinal));
        var eventNames = events.Measurements.Select(m => m.Tags["event.name"]).ToArray();
        Assert.Equal(["OnCircuitOpened", "OnCircuitHalfOpened", "OnCircuitClosed"], eventNames);
        Assert.All(events.Measurements, m => Assert.Equal("fragile", m.Tags["pipeline.instance"]));
    }

    [Fact]
    public async Task APerClientOverrideReplacesTheDefaultsWithoutStackingASecondHandler()
    {
        await using var llmServer = await ScriptedHttpServer.StartAsync();
        await using var otherServer = await ScriptedHttpServer.StartAsync();
        llmServer.Fallback = Respond.Status(503);
        otherServer.Fallback = Respond.Status(503);
        await using var service = await StartServiceAsync(services =>
            services.AddHttpClient("llm")
                .AddStandardResilienceHandler()
                .ConfigureStandardResilience(o => o.Retry.MaxRetryAttempts = 1));

        using (var llm = service.CreateClient("llm"))
        using (var response = await llm.GetAsync(llmServer.BaseAddress).WaitAsync(Timeout))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        using (var other = service.CreateClient("other"))
        using (var response = await other.GetAsync(otherServer.BaseAddress).WaitAsync(Timeout))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        }

        Assert.Equal(2, llmServer.RequestCount);
        Assert.Equal(4, otherServer.RequestCount);
    }

    [Fact]
    public async Task AClientCanTakeTheHandlerOff()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Respond.Status(503), Respond.Text("ok"));
        await using var service = await StartServiceAsync(services =>
            services.AddHttpClient("streaming").RemoveStandardResilienceHandler());
        using var client = service.CreateClient("streaming");

        using var response = await client.GetAsync(server.BaseAddress).WaitAsync(Timeout);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(1, server.RequestCount);
    }

    [Fact]
    public async Task EachAttemptCarriesItsOwnTraceParent()
    {
        await using var server = await ScriptedHttpServer.StartAsync(Respond.Status(503), Respond.Text("ok"));
        await using var service = await StartServiceAsync();
        using var client = service.CreateClient();
        using var caller = new Activity("caller").SetIdFormat(ActivityIdFormat.W3C).Start();

        Assert.Equal("ok", await client.GetStringAsync(server.BaseAddress).WaitAsync(Timeout));

        var parents = server.Requests.Select(r => r.Headers["traceparent"]).ToArray();
        Assert.Equal(2, parents.Length);
        Assert.All(parents, p => Assert.Contains(caller.TraceId.ToHexString(), p, StringComparison.Ordinal));
        Assert.NotEqual(parents[0], parents[1]);
    }

    [Fact]
    public async Task AnAttemptTimeoutLongerThanTheTotalTimeoutIsRejectedWithAClearMessage()
    {
        await using var server = await ScriptedHttpServer.StartAsync();
        await using var service = await StartServiceAsync(services =>
            services.AddHttpClient("misconfigured").ConfigureStandardResilience(o => o.AttemptTimeout.Timeout = TimeSpan.FromMinutes(5)));
        using var client = service.CreateClient("misconfigured");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => client.GetAsync(server.BaseAddress).WaitAsync(Timeout));

        Assert.Contains("'misconfigured'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.RequestCount);
    }

    private static Task<ServiceDefaultsApp> StartServiceAsync(Action<IServiceCollection>? configure = null) =>
        ServiceDefaultsApp.StartAsync(configureBuilder: builder =>
        {
            builder.Services.ConfigureAll<HttpStandardResilienceOptions>(o => o.Retry.Delay = TimeSpan.FromMilliseconds(20));
            configure?.Invoke(builder.Services);
        });

    private static MeasurementRecorder RecordResilienceEvents(ServiceDefaultsApp service) =>
        new(service.Services.GetRequiredService<IMeterFactory>(), "VoiceAgent.Resilience", "resilience.polly.strategy.events");

    private static TimeSpan GapBetweenRequests(ScriptedHttpServer server, int first, int second)
    {
        var requests = server.Requests;
        return Stopwatch.GetElapsedTime(
            requests.Single(r => r.Number == first).Timestamp,
            requests.Single(r => r.Number == second).Timestamp);
    }

    /// <summary>A body that can be read once, like audio streamed from a microphone.</summary>
    private sealed class NonSeekableStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}
