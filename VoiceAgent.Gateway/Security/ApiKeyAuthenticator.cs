using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using VoiceAgent.Gateway.Configuration;

namespace VoiceAgent.Gateway.Security;

/// <summary>
/// Checks the client's key: <c>Authorization: Bearer &lt;key&gt;</c>, or for browsers a WebSocket subprotocol
/// <c>openai-insecure-api-key.&lt;key&gt;</c>. With no key configured (Development only) every client passes.
/// </summary>
internal sealed class ApiKeyAuthenticator
{
    /// <summary>The subprotocol prefix that carries a key, as OpenAI's browser clients send it.</summary>
    public const string KeySubprotocolPrefix = "openai-insecure-api-key.";

    /// <summary>The subprotocol the gateway answers with when the client offers it.</summary>
    public const string RealtimeSubprotocol = "realtime";

    private readonly byte[][] _keyHashes;

    public ApiKeyAuthenticator(IOptions<GatewaySecurityOptions> options)
    {
        _keyHashes = [.. options.Value.AllApiKeys.Select(Hash)];
    }

    /// <summary>Whether clients must present a key.</summary>
    public bool IsEnabled => _keyHashes.Length > 0;

    public bool IsAuthorized(HttpRequest request)
    {
        if (!IsEnabled)
        {
            return true;
        }

        var authorization = request.Headers.Authorization.ToString();
        const string Bearer = "Bearer ";
        if (authorization.StartsWith(Bearer, StringComparison.OrdinalIgnoreCase) && Matches(authorization[Bearer.Length..].Trim()))
        {
            return true;
        }

        foreach (var protocol in RequestedSubprotocols(request))
        {
            if (protocol.StartsWith(KeySubprotocolPrefix, StringComparison.Ordinal) && Matches(protocol[KeySubprotocolPrefix.Length..]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The subprotocol to answer with: <c>realtime</c> when offered, otherwise none.</summary>
    public static string? SelectSubprotocol(HttpRequest request) =>
        RequestedSubprotocols(request).Contains(RealtimeSubprotocol, StringComparer.Ordinal) ? RealtimeSubprotocol : null;

    private static IEnumerable<string> RequestedSubprotocols(HttpRequest request) =>
        request.Headers.SecWebSocketProtocol
            .SelectMany(value => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));

    private bool Matches(string candidate)
    {
        var hash = Hash(candidate);
        var match = false;
        foreach (var key in _keyHashes)
        {
            // Compare every key in constant time, so timing tells nothing about which key or how much matched.
            match |= CryptographicOperations.FixedTimeEquals(hash, key);
        }

        return match;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
