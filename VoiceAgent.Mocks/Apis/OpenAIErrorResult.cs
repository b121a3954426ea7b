using Microsoft.AspNetCore.Http;

namespace VoiceAgent.Mocks.Apis;

/// <summary>An OpenAI-shaped error as an endpoint result, for filters that answer instead of the endpoint.</summary>
internal sealed class OpenAIErrorResult(int statusCode, string message, string? param = null, string? code = null) : IResult
{
    public Task ExecuteAsync(HttpContext httpContext) =>
        httpContext.Response.HasStarted ? Task.CompletedTask : OpenAIErrors.WriteAsync(httpContext, statusCode, message, param, code);
}
