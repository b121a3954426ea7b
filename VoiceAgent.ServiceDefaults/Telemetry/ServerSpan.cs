using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>OpenTelemetry HTTP server span conventions applied to ASP.NET Core's request activity.</summary>
internal static class ServerSpan
{
    public static void OnRequest(Activity activity, HttpContext context)
    {
        var request = context.Request;
        activity.DisplayName = request.Method;
        activity.SetTag("http.request.method", request.Method);
        activity.SetTag("url.scheme", request.Scheme);
        activity.SetTag("url.path", request.PathBase.Add(request.Path).Value);
        activity.SetTag("server.address", request.Host.Host);
        if (request.Host.Port is { } port)
        {
            activity.SetTag("server.port", port);
        }

        activity.SetTag("network.protocol.version", ProtocolVersion(request.Protocol));
        if (request.Headers.UserAgent.Count > 0)
        {
            activity.SetTag("user_agent.original", request.Headers.UserAgent.ToString());
        }
    }

    public static void OnException(Activity activity, Exception exception)
    {
        activity.SetTag("error.type", exception.GetType().FullName);
        activity.SetStatus(ActivityStatusCode.Error, exception.Message);
    }

    public static void OnResponse(Activity activity, HttpContext context)
    {
        var statusCode = context.Response.StatusCode;
        activity.SetTag("http.response.status_code", statusCode);
        if (context.GetEndpoint() is RouteEndpoint { RoutePattern.RawText: { } route })
        {
            activity.SetTag("http.route", route);
            activity.DisplayName = $"{context.Request.Method} {route}";
        }

        if (statusCode >= StatusCodes.Status500InternalServerError && activity.Status != ActivityStatusCode.Error)
        {
            activity.SetTag("error.type", statusCode.ToString(CultureInfo.InvariantCulture));
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static string ProtocolVersion(string protocol) =>
        protocol switch
        {
            "HTTP/1.1" => "1.1",
            "HTTP/2" => "2",
            "HTTP/3" => "3",
            "HTTP/1.0" => "1.0",
            _ => protocol,
        };
}
