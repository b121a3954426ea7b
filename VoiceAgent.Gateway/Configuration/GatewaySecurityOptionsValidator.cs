using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace VoiceAgent.Gateway.Configuration;

/// <summary>Outside Development the gateway refuses to start without a client key or a resume key.</summary>
internal sealed class GatewaySecurityOptionsValidator(IHostEnvironment environment) : IValidateOptions<GatewaySecurityOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewaySecurityOptions options)
    {
        if (environment.IsDevelopment())
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (options.AllApiKeys.Count == 0)
        {
            failures.Add("No API key is configured: set VoiceAgent:ApiKey (environment VoiceAgent__ApiKey) or VoiceAgent:ApiKeys. Only Development runs without one.");
        }

        if (string.IsNullOrWhiteSpace(options.ResumeKey))
        {
            failures.Add("No resume key is configured: set VoiceAgent:ResumeKey (environment VoiceAgent__ResumeKey), the same on every gateway. Only Development runs without one.");
        }
        else if (options.ResumeKey.Length < 16)
        {
            failures.Add("VoiceAgent:ResumeKey is too short: use at least 16 characters.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
