namespace VoiceAgent.Mocks.Options;

/// <summary>Knobs of the mock speech synthesizer (<c>/v1/audio/speech</c>).</summary>
public sealed class TtsOptions : FaultOptions
{
    /// <summary>Time from the request to the first audio byte.</summary>
    public int TimeToFirstByteMs { get; set; }

    /// <summary>
    /// Synthesis time over audio time: 1 streams audio at playback speed, 0.5 twice as fast, 0 as fast as possible.
    /// </summary>
    public double RealTimeFactor { get; set; }

    /// <summary>Which synthesizer speaks.</summary>
    public TtsEngine Engine { get; set; } = TtsEngine.Auto;

    /// <summary>The espeak-ng executable: a name looked up on PATH, or a path.</summary>
    public string EspeakPath { get; set; } = "espeak-ng";

    /// <summary>Audio duration of each streamed chunk.</summary>
    public int ChunkMs { get; set; } = 40;
}
