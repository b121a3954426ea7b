using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace VoiceAgent.Tests.ServiceDefaults;

/// <summary>
/// Records the measurements of one instrument created by one host's <see cref="IMeterFactory"/>, so that hosts
/// of tests running in parallel do not see each other's.
/// </summary>
internal sealed class MeasurementRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

    public MeasurementRecorder(IMeterFactory meterFactory, string meterName, string instrumentName)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Scope == meterFactory && instrument.Meter.Name == meterName && instrument.Name == instrumentName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            _measurements.Enqueue(new RecordedMeasurement(value, tags.ToArray().ToDictionary(t => t.Key, t => t.Value))));
        _listener.Start();
    }

    public IReadOnlyList<RecordedMeasurement> Measurements => _measurements.ToArray();

    public void Dispose() => _listener.Dispose();
}

internal sealed record RecordedMeasurement(long Value, IReadOnlyDictionary<string, object?> Tags);
