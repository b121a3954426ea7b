using Microsoft.Extensions.Options;

namespace VoiceAgent.Mocks.Options;

/// <summary>Rejects knob values that make no sense at startup, with the configuration key in the message.</summary>
internal sealed class MockOptionsValidator : IValidateOptions<MockOptions>
{
    public ValidateOptionsResult Validate(string? name, MockOptions options)
    {
        var failures = new List<string>();
        CheckFaults(failures, "Asr", options.Asr);
        CheckFaults(failures, "Llm", options.Llm);
        CheckFaults(failures, "Tts", options.Tts);
        CheckNotNegative(failures, "Asr:LatencyMs", options.Asr.LatencyMs);
        CheckNotNegative(failures, "Llm:TimeToFirstTokenMs", options.Llm.TimeToFirstTokenMs);
        CheckNotNegative(failures, "Llm:TokensPerSecond", options.Llm.TokensPerSecond);
        if (options.Llm.AnswerSentences < 1)
        {
            failures.Add($"{MockOptions.SectionName}:Llm:AnswerSentences must be at least 1.");
        }

        CheckNotNegative(failures, "Tts:TimeToFirstByteMs", options.Tts.TimeToFirstByteMs);
        CheckNotNegative(failures, "Tts:RealTimeFactor", options.Tts.RealTimeFactor);
        if (options.Tts.ChunkMs is < 5 or > 1000)
        {
            failures.Add($"{MockOptions.SectionName}:Tts:ChunkMs must be between 5 and 1000.");
        }

        if (string.IsNullOrWhiteSpace(options.Tts.EspeakPath))
        {
            failures.Add($"{MockOptions.SectionName}:Tts:EspeakPath must not be empty.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckFaults(List<string> failures, string model, FaultOptions faults)
    {
        CheckProbability(failures, $"{model}:ErrorRate", faults.ErrorRate);
        CheckProbability(failures, $"{model}:StallProbability", faults.StallProbability);
        CheckNotNegative(failures, $"{model}:StallMs", faults.StallMs);
        if (faults.ErrorStatusCode is < 400 or > 599)
        {
            failures.Add($"{MockOptions.SectionName}:{model}:ErrorStatusCode must be an HTTP error status (400 to 599).");
        }
    }

    private static void CheckProbability(List<string> failures, string key, double value)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            failures.Add($"{MockOptions.SectionName}:{key} must be between 0 and 1.");
        }
    }

    private static void CheckNotNegative(List<string> failures, string key, double value)
    {
        if (value < 0 || double.IsNaN(value))
        {
            failures.Add($"{MockOptions.SectionName}:{key} must not be negative.");
        }
    }
}
