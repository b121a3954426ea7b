namespace VoiceAgent.Mocks.Tts;

/// <summary>Synthesized speech as PCM16 little-endian mono at <see cref="SampleRate"/>, read front to back.</summary>
internal interface ISpeechAudio
{
    /// <summary>The rate every synthesizer delivers: the OpenAI <c>pcm</c> format.</summary>
    public const int SampleRate = 24_000;

    public const int BytesPerSample = 2;

    /// <summary>Length of the whole utterance, known before the first byte is read.</summary>
    long TotalBytes { get; }

    /// <summary>Fills <paramref name="destination"/> (an even number of bytes) with the next audio; 0 at the end.</summary>
    int Read(Span<byte> destination);
}
