using System.Collections.Concurrent;
using System.Diagnostics;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>
/// Records the spans of one trace, from every ActivitySource in this process (listening samples them all, so the
/// RocketMQ client, the processor and HttpClient create theirs). Other tests' spans are ignored by trace id.
/// </summary>
public sealed class TraceCollector : IDisposable
{
    private static readonly ActivitySource TestSource = new("VoiceAgent.Tests.Processor");

    private readonly ActivityListener _listener;
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly Activity _root;

    public TraceCollector()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == TraceId)
                {
                    _spans.Enqueue(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _root = TestSource.StartActivity("client turn", ActivityKind.Client)
            ?? throw new InvalidOperationException("The test span was not sampled.");
        TraceId = _root.TraceId;
    }

    public ActivityTraceId TraceId { get; }

    /// <summary>The finished spans of the trace so far.</summary>
    public IReadOnlyList<Activity> Spans => [.. _spans];

    /// <summary>Ends the root span (the test's sends are its children) without ending the recording.</summary>
    public void EndRoot()
    {
        _root.Stop();
        Activity.Current = null;
    }

    public void Dispose()
    {
        EndRoot();
        _listener.Dispose();
    }
}
