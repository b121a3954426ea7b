namespace VoiceAgent.Realtime.Audio;

/// <summary>How audio samples are encoded on the wire.</summary>
public enum AudioEncoding
{
    /// <summary>Signed 16-bit little-endian PCM, mono (<c>audio/pcm</c>).</summary>
    Pcm16,

    /// <summary>G.711 µ-law, 8 kHz mono (<c>audio/pcmu</c>).</summary>
    MuLaw,

    /// <summary>G.711 A-law, 8 kHz mono (<c>audio/pcma</c>).</summary>
    ALaw,
}
