using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceAgent.Tests.Mocks;

/// <summary>
/// Watches one mock server's request metrics (and no other server's: its meter is matched by the server's own
/// meter factory), so a test can see what the server is working on and how it ended each request.
/// </summary>
public sealed class MockRequestRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<(string Model, string Outcome)> _outcomes = [];
    private readonly Dictionary<string, long> _active = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MockRequestRecorder(MockModelsServer server)
    {
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name.StartsWith("voiceagent.mocks.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? model = null;
            string? outcome = null;
            foreach (var tag in tags)
            {
                model = tag.Key == "voiceagent.mock.model" ? tag.Value as string : model;
                outcome = tag.Key == "voiceagent.mock.outcome" ? tag.Value as string : outcome;
            }

            TaskCompletionSource changed;
            lock (_gate)
            {
                if (instrument.Name == "voiceagent.mocks.active_requests")
                {
                    _active[model ?? ""] = _active.GetValueOrDefault(model ?? "") + value;
                }
                else
                {
                    _outcomes.Add((model ?? "", outcome ?? ""));
                }

                changed = _changed;
                _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
            }

            changed.TrySetResult();
        });
        _listener.Start();
    }

    /// <summary>Every request outcome recorded so far, in order.</summary>
    public IReadOnlyList<(string Model, string Outcome)> Outcomes
    {
        get
        {
            lock (_gate)
            {
                return [.. _outcomes];
            }
        }
    }

    /// <summary>Waits until the server records a request of <paramref name="model"/> ending in <paramref name="outcome"/>.</summary>
    public Task WaitForOutcomeAsync(string model, string outcome, TimeSpan timeout) =>
        WaitUntilAsync(() => _outcomes.Contains((model, outcome)), timeout, $"a {model} request ending '{outcome}'");

    /// <summary>Waits until the server is working on a request of <paramref name="model"/>.</summary>
    public Task WaitForActiveAsync(string model, TimeSpan timeout) =>
        WaitUntilAsync(() => _active.GetValueOrDefault(model) > 0, timeout, $"an active {model} request");

    public void Dispose() => _listener.Dispose();

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (condition())
                {
                    return;
                }

                changed = _changed.Task;
            }

            try
            {
                await changed.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The server showed no {what} within {timeout}; outcomes: {string.Join(", ", Outcomes)}");
            }
        }
    }
}
