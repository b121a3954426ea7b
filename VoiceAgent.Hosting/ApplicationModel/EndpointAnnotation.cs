namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>
/// A network endpoint of a resource. Every replica gets its own port: a free one allocated at start, unless
/// <see cref="Port"/> fixes it (then the resource can have only one replica).
/// </summary>
public sealed class EndpointAnnotation(string name, string uriScheme, int? port = null, string? environmentVariable = null, bool isExternal = false)
    : IResourceAnnotation
{
    /// <summary>The endpoint name, e.g. <c>http</c> or <c>grpc</c>; the key of <c>services__{resource}__{endpoint}__{i}</c>.</summary>
    public string Name { get; } = name;

    /// <summary>The URI scheme: <c>http</c>, <c>https</c> or <c>tcp</c>.</summary>
    public string UriScheme { get; set; } = uriScheme;

    /// <summary>A fixed port, or null to allocate a free port per replica.</summary>
    public int? Port { get; set; } = port;

    /// <summary>The host the process listens on and clients connect to.</summary>
    public string TargetHost { get; set; } = "127.0.0.1";

    /// <summary>
    /// When set, the port is handed to the process in this environment variable instead of through
    /// <c>ASPNETCORE_URLS</c>, and the process binds it itself.
    /// </summary>
    public string? EnvironmentVariable { get; set; } = environmentVariable;

    /// <summary>Whether the endpoint is meant to be reached from outside the application (clients, load balancers).</summary>
    public bool IsExternal { get; set; } = isExternal;

    /// <summary>The endpoint of each replica (index = replica index), once the application has started.</summary>
    public IReadOnlyList<AllocatedEndpoint> AllocatedEndpoints { get; internal set; } = [];
}
