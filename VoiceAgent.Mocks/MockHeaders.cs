namespace VoiceAgent.Mocks;

/// <summary>
/// Request headers that override a <see cref="Options.MockOptions"/> knob for one call, so that a test or a load
/// generator can steer a single request.
/// </summary>
public static class MockHeaders
{
    /// <summary>ASR: time from the upload's end to the transcript, in milliseconds.</summary>
    public const string LatencyMs = "x-mock-latency-ms";

    /// <summary>LLM: time to the first content token, in milliseconds.</summary>
    public const string TimeToFirstTokenMs = "x-mock-ttft-ms";

    /// <summary>LLM: tokens per second after the first one; 0 means as fast as possible.</summary>
    public const string TokensPerSecond = "x-mock-tokens-per-second";

    /// <summary>LLM: number of sentences in the answer.</summary>
    public const string AnswerSentences = "x-mock-answer-sentences";

    /// <summary>TTS: time to the first audio byte, in milliseconds.</summary>
    public const string TimeToFirstByteMs = "x-mock-ttfb-ms";

    /// <summary>TTS: real-time factor (synthesis time over audio time); 0 means as fast as possible.</summary>
    public const string RealTimeFactor = "x-mock-rtf";

    /// <summary>TTS: <c>auto</c>, <c>tone</c> or <c>espeak</c>.</summary>
    public const string TtsEngine = "x-mock-tts-engine";

    /// <summary>Any model: probability, 0 to 1, that the request fails with an injected error.</summary>
    public const string ErrorRate = "x-mock-error-rate";

    /// <summary>Any model: HTTP status of an injected error (400 to 599).</summary>
    public const string ErrorStatus = "x-mock-error-status";

    /// <summary>Any model: length of a stall half way through the response, in milliseconds.</summary>
    public const string StallMs = "x-mock-stall-ms";

    /// <summary>Any model: probability, 0 to 1, of a stall; 1 when only <see cref="StallMs"/> is given.</summary>
    public const string StallProbability = "x-mock-stall-probability";

    /// <summary>
    /// Names the request for the deterministic fault draws (and is echoed back). Without it the server numbers
    /// requests per model in arrival order.
    /// </summary>
    public const string RequestId = "x-request-id";
}
