using System.Net.Http.Headers;

namespace VoiceAgent.Processor.Providers;

/// <summary>Creates the HTTP requests of one provider: address, bearer key, configured headers and request id.</summary>
internal static class ProviderRequests
{
    public static HttpRequestMessage Create(ProviderOptions options, string apiPath, HttpContent content, string requestId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ProviderEndpoint.Resolve(options.BaseUrl, apiPath))
        {
            Content = content,
            Version = System.Net.HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionOrHigher,
        };
        if (!string.IsNullOrEmpty(options.ApiKey))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.ApiKey);
        }

        foreach (var (name, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        request.Options.Set(AttemptRequestIdHandler.RequestId, requestId);
        return request;
    }
}
