using System.Globalization;
using System.Security.Cryptography;
using VoiceAgent.Hosting;
using VoiceAgent.Hosting.Testing;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>
/// The whole stack (broker, Redis, mocks, processors, gateways) started from the AppHost's own model through the
/// hosting testing API, with the tool's key on the gateways and the chosen mock latencies; stopped on dispose.
/// </summary>
internal sealed class StackHost : IAsyncDisposable
{
    private static readonly string[] Resources = ["rocketmq", "redis", "mocks", "processor", "gateway"];
    private static readonly string[] Services = ["rocketmq", "mocks", "processor", "gateway"];

    private readonly IDistributedApplicationTestingBuilder _builder;
    private readonly DistributedApplication _app;

    private StackHost(IDistributedApplicationTestingBuilder builder, DistributedApplication app, SessionTarget target)
    {
        _builder = builder;
        _app = app;
        Target = target;
    }

    /// <summary>The gateways and the key they accept.</summary>
    public SessionTarget Target { get; }

    public static async Task<StackHost> StartAsync(SessionsSettings settings, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.VoiceAgent_AppHost>(cancellationToken).ConfigureAwait(false);
        try
        {
            var key = settings.ApiKey ?? "loadtest-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            builder.WithEnvironment("gateway", "VoiceAgent__ApiKey", key)
                .WithEnvironment("gateway", "VoiceAgent__ResumeKey", Convert.ToHexString(RandomNumberGenerator.GetBytes(32)));
            foreach (var (name, value) in MockProfiles.Environment(settings.Mocks))
            {
                builder.WithEnvironment("mocks", name, value);
            }

            builder.WithEnvironment("mocks", "Mocks__Tts__Engine", settings.TtsEngine)
                .WithEnvironment("mocks", "Mocks__Llm__AnswerSentences", settings.AnswerSentences.ToString(CultureInfo.InvariantCulture));
            foreach (var service in Services.Where(r => builder.Resources.Any(m => m.Name == r)))
            {
                builder.WithEnvironment(service, "Logging__LogLevel__Default", settings.ServiceLogLevel);
            }

            if (settings.GatewayReplicas is { } gateways)
            {
                builder.WithReplicas("gateway", gateways);
            }

            if (settings.ProcessorReplicas is { } processors)
            {
                builder.WithReplicas("processor", processors);
            }

            var app = await builder.BuildAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await app.StartAsync(cancellationToken).ConfigureAwait(false);
                foreach (var resource in Resources.Where(r => builder.Resources.Any(m => m.Name == r)))
                {
                    await app.ResourceNotifications.WaitForResourceHealthyAsync(resource, cancellationToken).ConfigureAwait(false);
                }

                var urls = app.ResourceNotifications.GetSnapshots()
                    .Where(s => s.ResourceName == "gateway")
                    .OrderBy(s => s.ReplicaIndex)
                    .Select(s => new Uri(s.Endpoints.First(e => e.Name == "http").Url))
                    .ToList();
                return new StackHost(builder, app, new SessionTarget(urls, key));
            }
            catch
            {
                await app.DisposeAsync().ConfigureAwait(false);
                throw;
            }
        }
        catch
        {
            await builder.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The running replicas' process ids by resource (<c>gateway</c>, <c>processor</c>, <c>rocketmq</c>, ...).</summary>
    public IReadOnlyList<(string Resource, int Pid)> Processes() =>
        [.. _app.ResourceNotifications.GetSnapshots().Where(s => s.ProcessId is not null).Select(s => (s.ResourceName, s.ProcessId!.Value))];

    /// <summary>Writes what every replica printed, prefixed with its name.</summary>
    public async Task WriteLogsAsync(string path)
    {
        await using var writer = new StreamWriter(path);
        foreach (var snapshot in _app.ResourceNotifications.GetSnapshots())
        {
            foreach (var line in _app.GetResourceLogs(snapshot.Name))
            {
                await writer.WriteLineAsync($"{line.Timestamp:HH:mm:ss.fff} [{snapshot.Name}] {line.Text}").ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync().ConfigureAwait(false);
        await _builder.DisposeAsync().ConfigureAwait(false);
    }
}
