namespace VoiceAgent.Mocks.Diagnostics;

/// <summary>How a request to a mock model ended.</summary>
internal enum RequestOutcome
{
    /// <summary>The whole result was sent.</summary>
    Completed,

    /// <summary>The client went away (or cancelled) before the end; generation stopped.</summary>
    Cancelled,

    /// <summary>An error was injected on purpose.</summary>
    Injected,

    /// <summary>The request was malformed (400) or unauthorized (401).</summary>
    Rejected,

    /// <summary>The mock itself failed (for example espeak-ng is missing).</summary>
    Failed,
}
