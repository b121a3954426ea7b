using Microsoft.AspNetCore.Http;
using VoiceAgent.Mocks.Json;

namespace VoiceAgent.Mocks.Apis;

/// <summary>Writes errors in the OpenAI shape, <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal static class OpenAIErrors
{
    public static Task WriteAsync(HttpContext context, int statusCode, string message, string? param = null, string? code = null)
    {
        var response = context.Response;
        response.StatusCode = statusCode;
        if (statusCode is StatusCodes.Status429TooManyRequests or StatusCodes.Status503ServiceUnavailable)
        {
            response.Headers.RetryAfter = "1";
        }

        var type = statusCode switch
        {
            StatusCodes.Status429TooManyRequests => "requests",
            >= 500 => "server_error",
            _ => "invalid_request_error",
        };
        var body = new ErrorResponse { Error = new ErrorBody { Message = message, Type = type, Param = param, Code = code } };
        return response.WriteAsJsonAsync(body, MockJsonContext.Default.ErrorResponse, cancellationToken: context.RequestAborted);
    }
}
