using VoiceAgent.Hosting;
using VoiceAgent.Hosting.Testing;
using VoiceAgent.Tests.Gateway;
using VoiceAgent.Tests.ServiceDefaults;

namespace VoiceAgent.Tests.EndToEnd;

/// <summary>
/// The whole application as the AppHost declares it (broker, Redis, mock models, two processors, two gateways),
/// real processes started once through the testing API. The mocks answer with zero latency (tone speech) and three
/// sentences, so that a response lasts a few seconds of (paced) audio. Clients connect with the key the AppHost generated.
/// Every service exports its spans over OTLP/HTTP to <see cref="Telemetry"/>, which keeps them only while a test records.
/// </summary>
public sealed class VoiceStackFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private IDistributedApplicationTestingBuilder? _appHost;

    public DistributedApplication App { get; private set; } = null!;

    /// <summary>The OTLP endpoint the AppHost hands to every service (as the dashboard's): traces only, and only while <see cref="OtlpReceiver.Recording"/>.</summary>
    internal OtlpReceiver Telemetry { get; private set; } = null!;

    /// <summary>The key the gateways accept: the AppHost generated it and left it in its configuration.</summary>
    public string ApiKey { get; private set; } = "";

    /// <summary>The replicas, as named by the AppHost.</summary>
    public static IReadOnlyList<string> Gateways { get; } = ["gateway-0", "gateway-1"];

    public async Task InitializeAsync()
    {
        _appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.VoiceAgent_AppHost>(
            [],
            options => options.RestartDelay = TimeSpan.FromMilliseconds(200)).WaitAsync(StartTimeout);
        _appHost.WithEnvironment("mocks", "Mocks__Llm__AnswerSentences", "3");

        Telemetry = await OtlpReceiver.StartHttpAsync();
        Telemetry.Recording = false;
        Telemetry.Signals = new HashSet<string> { "traces" };
        _appHost.Configuration["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "";
        _appHost.Configuration["ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = Telemetry.Endpoint.ToString();

        // The tone TTS engine speaks at once; espeak-ng (the default when installed) runs a few processes at a time,
        // which 200 concurrent answers would queue behind beyond the processor's first-byte timeout.
        _appHost.WithEnvironment("mocks", "Mocks__Tts__Engine", "tone");

        // Two cores shared with builds: under 200 concurrent turns the mocks' first bytes can take longer than the
        // processor's default 5 s budget, which would measure the machine, not the voice link.
        foreach (var provider in new[] { "Llm", "Tts" })
        {
            _appHost.WithEnvironment("processor", $"VoiceAgent__Providers__{provider}__FirstByteTimeout", "00:00:20");
        }
        ApiKey = _appHost.Configuration["VoiceAgent:ApiKey"]
            ?? throw new InvalidOperationException("The AppHost left no VoiceAgent:ApiKey in its configuration.");
        App = await _appHost.BuildAsync().WaitAsync(StartTimeout);
        await App.StartAsync().WaitAsync(StartTimeout);
        await WaitUntilHealthyAsync([.. _appHost.Resources.Select(r => r.Name)]);
    }

    public async Task DisposeAsync()
    {
        if (_appHost is not null)
        {
            await _appHost.DisposeAsync();
        }

        if (Telemetry is not null)
        {
            await Telemetry.DisposeAsync();
        }
    }

    /// <summary>Where a gateway replica serves the Realtime API.</summary>
    public Uri RealtimeUri(string gatewayReplica) =>
        new UriBuilder(App.GetEndpoint(gatewayReplica)) { Scheme = "ws", Path = "/v1/realtime" }.Uri;

    /// <summary>A new session on <paramref name="gatewayReplica"/>, its <c>session.created</c> already read.</summary>
    public async Task<RealtimeTestClient> ConnectAsync(string gatewayReplica, TimeSpan? timeout = null)
    {
        var client = await RealtimeTestClient.ConnectAsync(RealtimeUri(gatewayReplica), new RealtimeTestClient.Options { ApiKey = ApiKey }, timeout);
        await client.ExpectAsync("session.created", timeout ?? TimeSpan.FromSeconds(30));
        return client;
    }

    /// <summary>Resumes <paramref name="previous"/>'s session on <paramref name="gatewayReplica"/> after <paramref name="lastSeq"/>.</summary>
    public Task<RealtimeTestClient> ResumeAsync(string gatewayReplica, RealtimeTestClient previous, long lastSeq) =>
        RealtimeTestClient.ResumeAsync(RealtimeUri(gatewayReplica), previous, lastSeq, new RealtimeTestClient.Options { ApiKey = ApiKey });

    /// <summary>Waits until every replica of the resources (or the replicas) named is running and healthy again.</summary>
    public async Task WaitUntilHealthyAsync(params string[] names)
    {
        foreach (var name in names)
        {
            await App.ResourceNotifications.WaitForResourceHealthyAsync(name).WaitAsync(StartTimeout);
        }
    }
}
