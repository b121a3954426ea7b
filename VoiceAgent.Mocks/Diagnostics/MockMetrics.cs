using System.Diagnostics.Metrics;

namespace VoiceAgent.Mocks.Diagnostics;

/// <summary>Counts requests to the mock models by model and outcome (meter <c>VoiceAgent.Mocks</c>).</summary>
internal sealed class MockMetrics
{
    public const string MeterName = "VoiceAgent.Mocks";

    private readonly Counter<long> _requests;
    private readonly UpDownCounter<long> _active;

    public MockMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(
            "voiceagent.mocks.requests", "{request}", "Requests served by the mock models, by model and outcome.");
        _active = meter.CreateUpDownCounter<long>(
            "voiceagent.mocks.active_requests", "{request}", "Requests the mock models are working on, by model.");
    }

    /// <summary>Counts a request as active until the returned scope is disposed.</summary>
    public ActiveRequest Active(MockApi api)
    {
        _active.Add(1, ModelTag(api));
        return new ActiveRequest(_active, api);
    }

    public void Record(MockApi api, RequestOutcome outcome) =>
        _requests.Add(
            1,
            ModelTag(api),
            new KeyValuePair<string, object?>("voiceagent.mock.outcome", outcome.ToString().ToLowerInvariant()));

    private static KeyValuePair<string, object?> ModelTag(MockApi api) => new("voiceagent.mock.model", api.ToString().ToLowerInvariant());

    /// <summary>Ends an active request's count.</summary>
    internal readonly struct ActiveRequest(UpDownCounter<long> active, MockApi api) : IDisposable
    {
        public void Dispose() => active.Add(-1, ModelTag(api));
    }
}
