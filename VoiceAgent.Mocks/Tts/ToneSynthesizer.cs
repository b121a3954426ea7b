using VoiceAgent.Mocks.Faults;

namespace VoiceAgent.Mocks.Tts;

/// <summary>
/// "Speaks" text as one rising chirp per word, without any dependency. Every character lasts 60 ms (divided by
/// the speed): letters, digits and apostrophes sound, spaces and other symbols are silent, except that a comma,
/// colon or semicolon pauses 150 ms and a full stop, question or exclamation mark 300 ms. Each word's pitch comes
/// from a hash of the word, so the same text always gives the same audio.
/// </summary>
internal static class ToneSynthesizer
{
    public const double MillisecondsPerCharacter = 60;
    private const double ClausePauseMs = 150;
    private const double SentencePauseMs = 300;

    public static ToneSpeech Synthesize(string text, double speed)
    {
        var parts = new List<ToneSpeech.Part>();
        var samplesPerMs = ISpeechAudio.SampleRate / 1000.0 / speed;
        var i = 0;
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && IsSounding(text[i]))
            {
                i++;
            }

            if (i > start)
            {
                var word = text[start..i];
                var baseHz = 160 + (StableHash.Of(word.ToLowerInvariant()) % 40 * 10);
                parts.Add(new ToneSpeech.Part(Samples(word.Length * MillisecondsPerCharacter, samplesPerMs), baseHz, baseHz * 1.25));
                continue;
            }

            var pauseMs = text[i] switch
            {
                ',' or ';' or ':' => ClausePauseMs,
                '.' or '!' or '?' => SentencePauseMs,
                _ => MillisecondsPerCharacter,
            };
            parts.Add(new ToneSpeech.Part(Samples(pauseMs, samplesPerMs), 0, 0));
            i++;
        }

        return new ToneSpeech(parts);
    }

    private static bool IsSounding(char c) => char.IsLetterOrDigit(c) || c is '\'' or '’';

    private static int Samples(double milliseconds, double samplesPerMs) => (int)Math.Round(milliseconds * samplesPerMs);
}
