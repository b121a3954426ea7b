namespace VoiceAgent.Mocks.Options;

/// <summary>Injected faults shared by every mock model: errors before the response starts, stalls in the middle of it.</summary>
public abstract class FaultOptions
{
    /// <summary>Share of requests, 0 to 1, answered with an OpenAI-shaped error instead of a result.</summary>
    public double ErrorRate { get; set; }

    /// <summary>HTTP status of injected errors: 429, 500 and 503 are the usual ones.</summary>
    public int ErrorStatusCode { get; set; } = 500;

    /// <summary>How long a stall pauses the response, half way through it.</summary>
    public int StallMs { get; set; }

    /// <summary>Share of requests, 0 to 1, that stall for <see cref="StallMs"/>.</summary>
    public double StallProbability { get; set; }
}
