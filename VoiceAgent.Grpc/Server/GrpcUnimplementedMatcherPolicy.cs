using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Grpc;

/// <summary>
/// Keeps the catch-all UNIMPLEMENTED endpoint for gRPC requests only (POST with an application/grpc content type),
/// so that the rest of the application sees its usual 404 and 405 answers.
/// </summary>
internal sealed class GrpcUnimplementedMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        foreach (var endpoint in endpoints)
        {
            if (endpoint.Metadata.GetMetadata<GrpcUnimplementedMetadata>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var request = httpContext.Request;
        var isGrpc = HttpMethods.IsPost(request.Method) && GrpcProtocol.IsGrpcContentType(request.ContentType);
        if (isGrpc)
        {
            return Task.CompletedTask;
        }

        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<GrpcUnimplementedMetadata>() is not null)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
