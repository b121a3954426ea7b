namespace VoiceAgent.Processor.Providers;

/// <summary>
/// One OpenAI-compatible provider (ASR, LLM or TTS): where it is, how to authenticate, which model, and how patient
/// to be. Bound from <c>VoiceAgent:Providers:{Asr,Llm,Tts}</c>.
/// </summary>
public sealed class ProviderOptions
{
    /// <summary>
    /// The provider's base URL: a service discovery address such as <c>https+http://mocks</c>, or a real one. When
    /// its path ends in <c>/v1</c> (OpenAI's SDK form, e.g. <c>https://api.openai.com/v1</c>) the API paths are
    /// appended to it, otherwise <c>v1/...</c> is.
    /// </summary>
    public string BaseUrl { get; set; } = "https+http://mocks";

    /// <summary>Sent as <c>Authorization: Bearer</c> when set.</summary>
    public string? ApiKey { get; set; }

    public string Model { get; set; } = "";

    /// <summary>TTS only: the voice used when the session names none.</summary>
    public string Voice { get; set; } = "alloy";

    /// <summary>ASR only: an ISO-639-1 language hint, sent when set.</summary>
    public string? Language { get; set; }

    /// <summary>TTS only: the sample rate of the provider's <c>pcm</c> output (OpenAI: 24000).</summary>
    public int SampleRate { get; set; } = 24_000;

    /// <summary>LLM only: <c>max_completion_tokens</c> when the session sets no limit.</summary>
    public int? MaxTokens { get; set; }

    /// <summary>One attempt, until the response headers (for ASR: the whole answer); a timed-out attempt is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Every attempt and the delays between them, until the response headers.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of transient failures (network errors, 408, 429, 5xx) before the response headers.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first retry's delay; later ones back off exponentially (a <c>Retry-After</c> header wins).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Streams only: the budget from the request to the first content (LLM: time to first token; TTS: time to first
    /// audio byte). An attempt over budget is abandoned and, while <see cref="StreamRetries"/> allow, tried again.
    /// </summary>
    public TimeSpan FirstByteTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Streams only: the longest silence between two chunks once content flows; longer fails the call.</summary>
    public TimeSpan StreamIdleTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Streams only: new attempts after the headers arrived but before any content did (a broken or slow start).
    /// Once content has arrived a stream is never retried.
    /// </summary>
    public int StreamRetries { get; set; } = 1;

    /// <summary>Extra request headers (e.g. an organisation header, or a mock's <c>x-mock-*</c> knobs).</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The circuit breaker opens when this share of attempts failed within <see cref="BreakerSamplingDuration"/>.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>The circuit breaker judges only with at least this many attempts in its window.</summary>
    public int BreakerMinimumThroughput { get; set; } = 10;

    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open breaker fails calls at once before letting one through.</summary>
    public TimeSpan BreakerBreakDuration { get; set; } = TimeSpan.FromSeconds(5);
}
