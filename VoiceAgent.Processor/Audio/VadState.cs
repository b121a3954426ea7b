namespace VoiceAgent.Processor.Audio;

/// <summary>
/// Everything the server VAD remembers between two audio messages of a session; small, and stored with the session
/// so that any processor can continue where another left off. Times are milliseconds of input audio since the session
/// started.
/// </summary>
internal struct VadState
{
    /// <summary>Whether the user is speaking (between speech_started and speech_stopped).</summary>
    public bool Speaking;

    /// <summary>While not speaking: how long the current run of voiced frames lasts, and where it began.</summary>
    public double VoicedRunMs;

    public double VoicedRunStartMs;

    /// <summary>While speaking: how long the current run of silent frames lasts, and where it began.</summary>
    public double SilenceRunMs;

    public double SilenceStartMs;

    /// <summary>Where the current speech began (without prefix padding).</summary>
    public double SpeechStartMs;

    /// <summary>The incomplete frame at the end of the last message: its sum of squared samples and sample count.</summary>
    public double PartialSumSquares;

    public int PartialSamples;

    /// <summary>Forgets the current speech and frame, keeping nothing (after a clear or a commit).</summary>
    public void Reset() => this = default;
}
