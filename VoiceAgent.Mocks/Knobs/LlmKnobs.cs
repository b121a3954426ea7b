using Microsoft.AspNetCore.Http;
using VoiceAgent.Mocks.Options;

namespace VoiceAgent.Mocks.Knobs;

/// <summary>The LLM knobs in force for one request.</summary>
internal sealed record LlmKnobs(TimeSpan TimeToFirstToken, double TokensPerSecond, int AnswerSentences, FaultSettings Faults)
{
    public const int MaxAnswerSentences = 1000;

    public static LlmKnobs Resolve(LlmOptions options, IHeaderDictionary headers) => new(
        HeaderKnobs.Milliseconds(headers, MockHeaders.TimeToFirstTokenMs) ?? TimeSpan.FromMilliseconds(options.TimeToFirstTokenMs),
        HeaderKnobs.Number(headers, MockHeaders.TokensPerSecond, 0, 1_000_000) ?? options.TokensPerSecond,
        HeaderKnobs.Integer(headers, MockHeaders.AnswerSentences, 1, MaxAnswerSentences) ?? options.AnswerSentences,
        FaultSettings.Resolve(options, headers));

    /// <summary>When the token at <paramref name="index"/> is due, counted from the request's start.</summary>
    public TimeSpan TokenDue(int index) =>
        TokensPerSecond > 0 ? TimeToFirstToken + TimeSpan.FromSeconds(index / TokensPerSecond) : TimeToFirstToken;
}
