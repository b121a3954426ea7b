using Microsoft.Extensions.Options;

namespace VoiceAgent.Gateway.Configuration;

/// <summary>Checks that the limits make sense.</summary>
internal sealed class GatewayOptionsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var failures = new List<string>();
        Positive(options.MaxFrameBytes, nameof(options.MaxFrameBytes));
        Positive(options.MaxEventsPerSecond, nameof(options.MaxEventsPerSecond));
        Positive(options.MaxConsecutiveInvalidFrames, nameof(options.MaxConsecutiveInvalidFrames));
        Positive(options.MaxSessions, nameof(options.MaxSessions));
        Positive(options.SendQueueCapacity, nameof(options.SendQueueCapacity));
        Positive(options.UplinkQueueCapacity, nameof(options.UplinkQueueCapacity));
        Positive(options.MaxAudioBatchBytes, nameof(options.MaxAudioBatchBytes));
        PositiveTime(options.IdleTimeout, nameof(options.IdleTimeout));
        PositiveTime(options.SlowClientTimeout, nameof(options.SlowClientTimeout));
        PositiveTime(options.CloseTimeout, nameof(options.CloseTimeout));
        PositiveTime(options.ResumeTokenLifetime, nameof(options.ResumeTokenLifetime));
        if (options.AudioLead < TimeSpan.Zero)
        {
            failures.Add($"VoiceAgent:Gateway:{nameof(options.AudioLead)} must not be negative.");
        }

        if (options.AudioBatchDuration < TimeSpan.Zero || options.AudioBatchDuration > TimeSpan.FromSeconds(10))
        {
            failures.Add($"VoiceAgent:Gateway:{nameof(options.AudioBatchDuration)} must be between 0 and 10 s; it is {options.AudioBatchDuration}.");
        }

        if (!options.Path.StartsWith('/'))
        {
            failures.Add("VoiceAgent:Gateway:Path must start with '/'.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);

        void Positive(int value, string key)
        {
            if (value <= 0)
            {
                failures.Add($"VoiceAgent:Gateway:{key} must be positive; it is {value}.");
            }
        }

        void PositiveTime(TimeSpan value, string key)
        {
            if (value <= TimeSpan.Zero)
            {
                failures.Add($"VoiceAgent:Gateway:{key} must be positive; it is {value}.");
            }
        }
    }
}
