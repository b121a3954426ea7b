using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceAgent.Broker.Admin;

/// <summary>The admin HTTP/JSON API (served on the admin port only).</summary>
internal static class AdminApi
{
    /// <summary>The request header that carries <see cref="Configuration.BrokerOptions.AdminKey"/>.</summary>
    public const string AdminKeyHeader = "X-Admin-Key";

    public static IEndpointRouteBuilder MapBrokerAdmin(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api");
        api.MapGet("/topics", (BrokerCore core) => core.Inspector.Topics());
        api.MapGet("/groups", (BrokerCore core) => core.Inspector.Groups());
        api.MapGet("/clients", (BrokerCore core) => core.Inspector.Clients());
        api.MapGet("/alerts", (BrokerCore core) => core.Inspector.Alerts());
        api.MapGet("/lite-topics", LiteTopics);
        api.MapPut("/lite-topics/{parent}/{liteTopic}/alert-threshold", SetThreshold);
        api.MapDelete("/lite-topics/{parent}/{liteTopic}/alert-threshold", ClearThreshold);
        return endpoints;
    }

    private static IResult LiteTopics(BrokerCore core, string? parent, int? top)
    {
        if (parent is not null && core.Topics.Find(parent) is not { Type: Configuration.TopicType.Lite })
        {
            return Results.Problem($"'{parent}' is not a LITE topic.", statusCode: StatusCodes.Status404NotFound);
        }

        var count = top ?? 20;
        if (count is < 1 or > 10_000)
        {
            return Results.Problem("top must be from 1 to 10000.", statusCode: StatusCodes.Status400BadRequest);
        }

        return Results.Ok(core.Inspector.LiteTopics(parent, count));
    }

    /// <summary>
    /// Who may change state: with <see cref="Configuration.BrokerOptions.AdminKey"/> set, callers that send it in
    /// <c>X-Admin-Key</c>; without it, callers on the broker's own machine (loopback) only. Null when allowed.
    /// </summary>
    private static IResult? RefuseMutation(HttpContext context, BrokerCore core)
    {
        if (core.Options.AdminKey is { Length: > 0 } key)
        {
            var sent = context.Request.Headers[AdminKeyHeader].ToString();
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(sent), Encoding.UTF8.GetBytes(key))
                ? null
                : Results.Problem($"Send the broker's admin key in {AdminKeyHeader} to change state.", statusCode: StatusCodes.Status401Unauthorized);
        }

        return context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address)
            ? null
            : Results.Problem("Without Broker:AdminKey, state can only be changed from the broker's own machine.", statusCode: StatusCodes.Status403Forbidden);
    }

    private static IResult? RefuseLiteTopic(BrokerCore core, string parent, string liteTopic)
    {
        if (core.Topics.Find(parent) is not { Type: Configuration.TopicType.Lite })
        {
            return Results.Problem($"'{parent}' is not a LITE topic.", statusCode: StatusCodes.Status404NotFound);
        }

        return Configuration.NameRules.IsValidLiteTopicName(liteTopic, core.Options.MaxLiteTopicNameLength)
            ? null
            : Results.Problem($"'{liteTopic}' is not a valid lite topic name.", statusCode: StatusCodes.Status400BadRequest);
    }

    private static IResult SetThreshold(HttpContext context, BrokerCore core, string parent, string liteTopic, ThresholdRequest request)
    {
        if ((RefuseMutation(context, core) ?? RefuseLiteTopic(core, parent, liteTopic)) is { } refusal)
        {
            return refusal;
        }

        if (request.Threshold < 1)
        {
            return Results.Problem("threshold must be positive.", statusCode: StatusCodes.Status400BadRequest);
        }

        if (!core.Alerts.SetThreshold(parent, liteTopic, request.Threshold))
        {
            return Results.Problem($"At most {BacklogAlerts.MaxOverrides} lite topics can have a threshold of their own.", statusCode: StatusCodes.Status409Conflict);
        }

        core.Alerts.Evaluate();
        return Results.NoContent();
    }

    private static IResult ClearThreshold(HttpContext context, BrokerCore core, string parent, string liteTopic)
    {
        if ((RefuseMutation(context, core) ?? RefuseLiteTopic(core, parent, liteTopic)) is { } refusal)
        {
            return refusal;
        }

        core.Alerts.SetThreshold(parent, liteTopic, null);
        core.Alerts.Evaluate();
        return Results.NoContent();
    }

    /// <summary>The body of <c>PUT /api/lite-topics/{parent}/{liteTopic}/alert-threshold</c>.</summary>
    internal sealed record ThresholdRequest(long Threshold);
}
