namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>Healthy when <c>GET {endpoint}{Path}</c> answers with <see cref="StatusCode"/> (any 2xx when null).</summary>
public sealed class HttpHealthCheckAnnotation(string endpointName, string path, int? statusCode = null)
    : HealthCheckAnnotation(endpointName)
{
    /// <summary>The request path, e.g. <c>/health</c>.</summary>
    public string Path { get; } = path.StartsWith('/') ? path : "/" + path;

    /// <summary>The expected status code, or null for any success code.</summary>
    public int? StatusCode { get; } = statusCode;
}
