namespace VoiceAgent.Tests.EndToEnd;

/// <summary>
/// Speech-like input, deterministic: PCM16 mono at 24 kHz made of tone "words" (300 ms each, one pitch each) and
/// silence. The mock ASR hears one word per 300 ms of voiced audio, chosen by the tone's loudness and pitch, and the
/// energy VAD hears speech where the tones are. Every part is a whole number of 20 ms frames, so that the VAD's and
/// the ASR's frames line up with the tones wherever the processor cuts the utterance.
/// </summary>
internal static class SpeechAudio
{
    public const int SampleRate = 24_000;
    public const int WordMs = 300;

    /// <summary>The words' RMS level: the middle of a 6 dB loudness step of the mock ASR, far above the VAD threshold.</summary>
    private const double LevelDbfs = -9;

    /// <summary>Pitches are 50 Hz * 2^(k/6): the middle of the mock ASR's sixth-of-an-octave steps.</summary>
    private const int LowestStep = 12;
    private const int Steps = 19;

    public static int BytesFor(int milliseconds) => SampleRate * milliseconds / 1000 * 2;

    public static byte[] Silence(int milliseconds) => new byte[BytesFor(milliseconds)];

    /// <summary>A tone at pitch step <paramref name="step"/> (0 to 18: 200 Hz to 1.6 kHz).</summary>
    public static byte[] Tone(int step, int milliseconds)
    {
        var frequency = 50 * Math.Pow(2, (LowestStep + step) / 6.0);
        var amplitude = 32768 * Math.Pow(10, LevelDbfs / 20) * Math.Sqrt(2);
        var samples = SampleRate * milliseconds / 1000;
        var bytes = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var sample = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * frequency * i / SampleRate));
            bytes[2 * i] = (byte)sample;
            bytes[(2 * i) + 1] = (byte)(sample >> 8);
        }

        return bytes;
    }

    /// <summary>
    /// Silence, <paramref name="words"/> words whose pitches are the digits of <paramref name="variant"/>, silence:
    /// different variants sound different (and, mostly, are heard as different words).
    /// </summary>
    public static byte[] Utterance(int variant, int words = 3, int leadingSilenceMs = 200, int trailingSilenceMs = 800)
    {
        var parts = new List<byte[]> { Silence(leadingSilenceMs) };
        var digits = variant;
        for (var word = 0; word < words; word++)
        {
            parts.Add(Tone(((digits % Steps) + (word * 7)) % Steps, WordMs));
            digits /= Steps;
        }

        parts.Add(Silence(trailingSilenceMs));
        return [.. parts.SelectMany(p => p)];
    }

    /// <summary>The audio cut into chunks of <paramref name="chunkMs"/> (the last may be shorter).</summary>
    public static IEnumerable<byte[]> Chunks(byte[] audio, int chunkMs = 100)
    {
        var size = BytesFor(chunkMs);
        for (var offset = 0; offset < audio.Length; offset += size)
        {
            yield return audio[offset..Math.Min(audio.Length, offset + size)];
        }
    }
}
