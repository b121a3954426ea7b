using System.Diagnostics.Metrics;
using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceAgent.Tests.Mocks;

/// <summary>
/// Watches one mock server's <c>voiceagent.mocks.requests</c> counter (and no other server's: the meter is
/// matched by the server's own meter factory), so a test can see how the server ended a request.
/// </summary>
public sealed class MockRequestRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Channel<(string Model, string Outcome)> _seen = Channel.CreateUnbounded<(string, string)>();
    private readonly List<(string Model, string Outcome)> _history = [];

    public MockRequestRecorder(MockModelsServer server)
    {
        var factory = server.Services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == factory && instrument.Name == "voiceagent.mocks.requests")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, _, tags, _) =>
        {
            string? model = null;
            string? outcome = null;
            foreach (var tag in tags)
            {
                model = tag.Key == "voiceagent.mock.model" ? tag.Value as string : model;
                outcome = tag.Key == "voiceagent.mock.outcome" ? tag.Value as string : outcome;
            }

            _seen.Writer.TryWrite((model ?? "", outcome ?? ""));
        });
        _listener.Start();
    }

    /// <summary>Waits until the server records a request of <paramref name="model"/> ending in <paramref name="outcome"/>.</summary>
    public async Task WaitForAsync(string model, string outcome, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            while (true)
            {
                var seen = await _seen.Reader.ReadAsync(cts.Token);
                lock (_history)
                {
                    _history.Add(seen);
                }

                if (seen == (model, outcome))
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The server recorded no {model} request ending '{outcome}' within {timeout}; it recorded: {string.Join(", ", History)}");
        }
    }

    /// <summary>Everything recorded so far, in order.</summary>
    public IReadOnlyList<(string Model, string Outcome)> History
    {
        get
        {
            while (_seen.Reader.TryRead(out var seen))
            {
                lock (_history)
                {
                    _history.Add(seen);
                }
            }

            lock (_history)
            {
                return [.. _history];
            }
        }
    }

    public void Dispose() => _listener.Dispose();
}
