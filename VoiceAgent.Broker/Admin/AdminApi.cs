using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace VoiceAgent.Broker.Admin;

/// <summary>The admin HTTP/JSON API (served on the admin port only).</summary>
internal static class AdminApi
{
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

    private static IResult SetThreshold(BrokerCore core, string parent, string liteTopic, ThresholdRequest request)
    {
        if (core.Topics.Find(parent) is not { Type: Configuration.TopicType.Lite })
        {
            return Results.Problem($"'{parent}' is not a LITE topic.", statusCode: StatusCodes.Status404NotFound);
        }

        if (request.Threshold < 1)
        {
            return Results.Problem("threshold must be positive.", statusCode: StatusCodes.Status400BadRequest);
        }

        core.Alerts.SetThreshold(parent, liteTopic, request.Threshold);
        core.Alerts.Evaluate();
        return Results.NoContent();
    }

    private static IResult ClearThreshold(BrokerCore core, string parent, string liteTopic)
    {
        core.Alerts.SetThreshold(parent, liteTopic, null);
        core.Alerts.Evaluate();
        return Results.NoContent();
    }

    /// <summary>The body of <c>PUT /api/lite-topics/{parent}/{liteTopic}/alert-threshold</c>.</summary>
    internal sealed record ThresholdRequest(long Threshold);
}
