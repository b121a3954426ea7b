using VoiceAgent.Mocks.Options;

namespace VoiceAgent.Mocks.Tts;

/// <summary>Picks the synthesizer for a request: espeak-ng when asked for (or, in auto mode, when installed), else tones.</summary>
internal sealed class SpeechSynthesizer(EspeakSynthesizer espeak)
{
    public async ValueTask<ISpeechAudio> SynthesizeAsync(
        string text, string voice, double speed, TtsEngine engine, CancellationToken cancellationToken)
    {
        var useEspeak = engine switch
        {
            TtsEngine.Espeak => true,
            TtsEngine.Auto => espeak.Executable is not null,
            _ => false,
        };
        return useEspeak
            ? await espeak.SynthesizeAsync(text, voice, speed, cancellationToken).ConfigureAwait(false)
            : ToneSynthesizer.Synthesize(text, speed);
    }
}
