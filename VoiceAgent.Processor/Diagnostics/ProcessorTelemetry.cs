using System.Diagnostics;

namespace VoiceAgent.Processor.Diagnostics;

/// <summary>The processor's ActivitySource: one span per turn job, continuing the trace of the uplink message that queued it.</summary>
internal static class ProcessorTelemetry
{
    public const string Name = "VoiceAgent.Processor";

    public static readonly ActivitySource Source = new(Name);

    /// <summary>Starts the span of a job as a child of <paramref name="traceParent"/> (a W3C traceparent) when given.</summary>
    public static Activity? StartTurn(string operation, string sessionId, string? traceParent)
    {
        ActivityContext parent = default;
        if (traceParent is not null)
        {
            ActivityContext.TryParse(traceParent, null, isRemote: true, out parent);
        }

        var activity = Source.StartActivity($"voice {operation}", ActivityKind.Internal, parent);
        activity?.SetTag("voiceagent.session.id", sessionId);
        return activity;
    }

    public static void SetError(Activity? activity, string code, string message)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetStatus(ActivityStatusCode.Error, message);
        activity.SetTag("error.type", code);
    }
}
