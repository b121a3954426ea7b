using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>
/// Keeps probe requests (<c>/health</c>, <c>/alive</c>) out of traces. ASP.NET Core starts the request's activity
/// before any middleware or routing runs, so this middleware, placed first in the pipeline, marks that activity as
/// neither recorded nor sampled: exporters skip it, and the parent-based sampler drops every span started under it.
/// </summary>
internal sealed class UntracedRequestsStartupFilter(PathString[] untracedPaths) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IsUntraced(context.Request.Path))
                {
                    StopRecording(context.Features.Get<IHttpActivityFeature>()?.Activity);
                }

                return nextMiddleware(context);
            });
            next(app);
        };

    private bool IsUntraced(PathString path)
    {
        foreach (var untraced in untracedPaths)
        {
            if (path.StartsWithSegments(untraced, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    private static void StopRecording(Activity? activity)
    {
        if (activity is null)
        {
            return;
        }

        activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
        activity.IsAllDataRequested = false;
    }
}
