using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace VoiceAgent.AppHost;

/// <summary>
/// The keys every gateway shares: the API key clients present and the HMAC key of resume tokens. Each comes from the
/// AppHost's configuration (<c>VoiceAgent:ApiKey</c>, <c>VoiceAgent:ResumeKey</c>: arguments, environment
/// <c>VoiceAgent__ApiKey</c>, ...) or is generated for this run and written back there, so that whoever holds the
/// builder (an end-to-end test) reads the value the gateways use.
/// </summary>
internal sealed record GatewayKeys(string ApiKey, string ResumeKey)
{
    public const string ApiKeyConfigurationKey = "VoiceAgent:ApiKey";
    public const string ResumeKeyConfigurationKey = "VoiceAgent:ResumeKey";
    public const string ApiKeyVariable = "VoiceAgent__ApiKey";
    public const string ResumeKeyVariable = "VoiceAgent__ResumeKey";

    public static GatewayKeys FromConfiguration(IConfiguration configuration) =>
        new(GetOrGenerate(configuration, ApiKeyConfigurationKey, "va-"), GetOrGenerate(configuration, ResumeKeyConfigurationKey, ""));

    private static string GetOrGenerate(IConfiguration configuration, string key, string prefix)
    {
        var value = configuration[key];
        if (string.IsNullOrWhiteSpace(value))
        {
            value = prefix + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
            configuration[key] = value;
        }

        return value.Trim();
    }
}
