using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>
/// Shapes the server span that ASP.NET Core starts for each request, before any other middleware runs.
/// Probe requests (<c>/health</c>, <c>/alive</c>) are taken out of tracing: their activity is marked neither
/// recorded nor sampled, so exporters skip it and the parent-based sampler drops everything started under it.
/// Other requests get the HTTP semantic convention attributes and a <c>{method} {route}</c> name, which the
/// instrumentation package (absent here) would otherwise add.
/// </summary>
internal sealed class RequestTracingMiddleware(RequestDelegate next, PathString[] untracedPaths)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var activity = context.Features.Get<IHttpActivityFeature>()?.Activity;
        if (activity is null)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        if (IsUntraced(context.Request.Path))
        {
            activity.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            activity.IsAllDataRequested = false;
            await next(context).ConfigureAwait(false);
            return;
        }

        if (!activity.IsAllDataRequested)
        {
            await next(context).ConfigureAwait(false);
            return;
        }

        ServerSpan.OnRequest(activity, context);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            ServerSpan.OnException(activity, exception);
            throw;
        }
        finally
        {
            ServerSpan.OnResponse(activity, context);
        }
    }

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
}
