using System.Diagnostics.Metrics;

namespace VoiceAgent.Mocks.Diagnostics;

/// <summary>Counts requests to the mock models by model and outcome (meter <c>VoiceAgent.Mocks</c>).</summary>
internal sealed class MockMetrics
{
    public const string MeterName = "VoiceAgent.Mocks";

    private readonly Counter<long> _requests;

    public MockMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _requests = meter.CreateCounter<long>(
            "voiceagent.mocks.requests", "{request}", "Requests served by the mock models, by model and outcome.");
    }

    public void Record(MockApi api, RequestOutcome outcome) =>
        _requests.Add(
            1,
            new KeyValuePair<string, object?>("voiceagent.mock.model", api.ToString().ToLowerInvariant()),
            new KeyValuePair<string, object?>("voiceagent.mock.outcome", outcome.ToString().ToLowerInvariant()));
}
