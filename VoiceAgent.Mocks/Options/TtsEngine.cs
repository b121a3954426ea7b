namespace VoiceAgent.Mocks.Options;

/// <summary>The synthesizer behind <c>/v1/audio/speech</c>.</summary>
public enum TtsEngine
{
    /// <summary>espeak-ng when it is installed, the tone synthesizer otherwise.</summary>
    Auto,

    /// <summary>A chirp per word: fast, dependency-free, deterministic everywhere.</summary>
    Tone,

    /// <summary>Real speech from espeak-ng; requests fail when it is not installed.</summary>
    Espeak,
}
