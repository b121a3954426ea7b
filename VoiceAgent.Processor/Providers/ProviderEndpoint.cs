namespace VoiceAgent.Processor.Providers;

/// <summary>Builds a provider's API address from its base URL, the way OpenAI's SDKs treat <c>base_url</c>.</summary>
internal static class ProviderEndpoint
{
    /// <summary>
    /// <c>https+http://mocks</c> + <c>chat/completions</c> is <c>https+http://mocks/v1/chat/completions</c>;
    /// <c>https://host/compatible-mode/v1</c> + <c>chat/completions</c> is <c>https://host/compatible-mode/v1/chat/completions</c>.
    /// </summary>
    public static Uri Resolve(string baseUrl, string apiPath)
    {
        if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var root))
        {
            throw new InvalidOperationException($"The provider base URL '{baseUrl}' is not an absolute URL.");
        }

        var path = root.AbsolutePath.TrimEnd('/');
        var versioned = path.EndsWith("/v1", StringComparison.OrdinalIgnoreCase);
        var builder = new UriBuilder(root)
        {
            Path = path + (versioned ? "/" : "/v1/") + apiPath,
        };
        return builder.Uri;
    }
}
