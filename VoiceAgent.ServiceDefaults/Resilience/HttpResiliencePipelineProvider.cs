using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Polly;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// One pipeline per HttpClient name, shared by every handler instance the factory creates for that client, so that
/// the circuit breaker's state outlives handler rotation. A change of the client's options rebuilds its pipeline.
/// </summary>
internal sealed class HttpResiliencePipelineProvider : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<ResiliencePipeline<HttpResponseMessage>>> _pipelines = new();
    private readonly IOptionsMonitor<HttpStandardResilienceOptions> _options;
    private readonly HttpResiliencePipelineFactory _factory;
    private readonly IDisposable? _changeSubscription;

    public HttpResiliencePipelineProvider(IOptionsMonitor<HttpStandardResilienceOptions> options, HttpResiliencePipelineFactory factory)
    {
        _options = options;
        _factory = factory;
        _changeSubscription = options.OnChange((changedOptions, name) =>
        {
            if (name is null)
            {
                _pipelines.Clear();
            }
            else
            {
                _pipelines.TryRemove(name, out _);
            }
        });
    }

    public ResiliencePipeline<HttpResponseMessage> GetPipeline(string clientName) =>
        _pipelines.GetOrAdd(
            clientName,
            static (name, provider) => new Lazy<ResiliencePipeline<HttpResponseMessage>>(
                () => provider._factory.Create(name, provider._options.Get(name))),
            this).Value;

    public void Dispose() => _changeSubscription?.Dispose();
}
