using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace VoiceAgent.Mocks.Apis;

/// <summary>
/// Accepts any <c>Authorization: Bearer</c> key unless <c>Mocks:ApiKey</c> is set; then only that key passes and
/// everything else gets OpenAI's 401.
/// </summary>
internal sealed class ApiKeyFilter(MockApiServices services) : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var expected = services.Options.ApiKey;
        if (string.IsNullOrEmpty(expected))
        {
            return await next(invocation).ConfigureAwait(false);
        }

        var context = invocation.HttpContext;
        var authorization = context.Request.Headers[HeaderNames.Authorization].ToString();
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return new OpenAIErrorResult(
                StatusCodes.Status401Unauthorized,
                "You didn't provide an API key. Send it as 'Authorization: Bearer YOUR_KEY'.",
                code: "invalid_api_key");
        }

        var presented = Encoding.UTF8.GetBytes(authorization[BearerPrefix.Length..].Trim());
        if (!CryptographicOperations.FixedTimeEquals(presented, Encoding.UTF8.GetBytes(expected)))
        {
            // Never echo the key: it may be a real one sent to the wrong place.
            return new OpenAIErrorResult(StatusCodes.Status401Unauthorized, "Incorrect API key provided.", code: "invalid_api_key");
        }

        return await next(invocation).ConfigureAwait(false);
    }
}
