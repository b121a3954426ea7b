namespace VoiceAgent.LoadTest.Sessions;

/// <summary>Where sessions connect: the gateways' base URLs (<c>ws://host:port</c>) and the key they accept.</summary>
internal sealed record SessionTarget(IReadOnlyList<Uri> Gateways, string? ApiKey, string Path = "/v1/realtime")
{
    /// <summary>The endpoint of the gateway session <paramref name="index"/> uses, with an optional query.</summary>
    public Uri Endpoint(int index, string? query = null)
    {
        var gateway = Gateways[index % Gateways.Count];
        var builder = new UriBuilder(gateway)
        {
            Scheme = gateway.Scheme is "https" or "wss" ? "wss" : "ws",
            Path = Path,
            Query = query ?? string.Empty,
        };
        return builder.Uri;
    }
}
