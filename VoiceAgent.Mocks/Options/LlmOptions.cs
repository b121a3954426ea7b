namespace VoiceAgent.Mocks.Options;

/// <summary>Knobs of the mock language model (<c>/v1/chat/completions</c>).</summary>
public sealed class LlmOptions : FaultOptions
{
    /// <summary>Time from the request to the first content token.</summary>
    public int TimeToFirstTokenMs { get; set; }

    /// <summary>Pace of the tokens after the first one; 0 sends them as fast as possible.</summary>
    public double TokensPerSecond { get; set; }

    /// <summary>How many sentences an answer has (at least 1).</summary>
    public int AnswerSentences { get; set; } = 4;
}
