using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;

namespace VoiceAgent.Mocks.Apis;

/// <summary>Reads a JSON request body; a missing or malformed body is a 400 in the OpenAI shape.</summary>
internal static class JsonBody
{
    public static async Task<T> ReadAsync<T>(HttpRequest request, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        if (!request.HasJsonContentType())
        {
            throw new InvalidRequestException("Send the request body as application/json.");
        }

        var body = await request.ReadFromJsonAsync(typeInfo, cancellationToken).ConfigureAwait(false);
        return body ?? throw new JsonException("The body is null.");
    }
}
