namespace VoiceAgent.Gateway.Configuration;

/// <summary>Keys, section <c>VoiceAgent</c>: <c>ApiKey</c> or <c>ApiKeys</c> for clients, <c>ResumeKey</c> for resume tokens.</summary>
public sealed class GatewaySecurityOptions
{
    public const string SectionName = "VoiceAgent";

    /// <summary>The key clients present (<c>Authorization: Bearer</c> or the <c>openai-insecure-api-key.</c> subprotocol).</summary>
    public string? ApiKey { get; set; }

    /// <summary>More keys, each as good as <see cref="ApiKey"/>.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>The HMAC key of resume tokens, the same on every gateway so that a session resumes anywhere.</summary>
    public string? ResumeKey { get; set; }

    /// <summary>Every configured client key.</summary>
    public IReadOnlyList<string> AllApiKeys =>
        [.. new[] { ApiKey }.Concat(ApiKeys).Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k!.Trim()).Distinct(StringComparer.Ordinal)];
}
