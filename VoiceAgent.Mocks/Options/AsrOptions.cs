namespace VoiceAgent.Mocks.Options;

/// <summary>Knobs of the mock speech recognizer (<c>/v1/audio/transcriptions</c>).</summary>
public sealed class AsrOptions : FaultOptions
{
    /// <summary>Time from the upload's end to the transcript.</summary>
    public int LatencyMs { get; set; }
}
