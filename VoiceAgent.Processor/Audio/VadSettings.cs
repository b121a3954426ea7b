namespace VoiceAgent.Processor.Audio;

/// <summary>
/// The server VAD's parameters, as <c>turn_detection</c> of <c>session.update</c> sets them, plus the shortest run
/// of voiced audio that counts as speech (shorter clicks and pops are ignored).
/// </summary>
/// <param name="Threshold">
/// 0 to 1, OpenAI's default 0.5. Mapped onto a level: a frame is voiced when its RMS level is at least
/// <c>-60 + 50 * threshold</c> dBFS (0.5: -35 dBFS).
/// </param>
internal readonly record struct VadSettings(double Threshold, int PrefixPaddingMs, int SilenceDurationMs, int MinSpeechMs)
{
    public static readonly VadSettings Default = new(0.5, 300, 500, 100);

    /// <summary>The voiced level in dBFS.</summary>
    public double ThresholdDbfs => -60 + (50 * Math.Clamp(Threshold, 0, 1));

    /// <summary>The mean squared sample value (PCM16 units) at the threshold, to compare frames without a logarithm.</summary>
    public double ThresholdMeanSquare
    {
        get
        {
            var amplitude = 32768 * Math.Pow(10, ThresholdDbfs / 20);
            return amplitude * amplitude;
        }
    }
}
