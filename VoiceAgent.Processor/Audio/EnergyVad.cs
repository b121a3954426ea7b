namespace VoiceAgent.Processor.Audio;

/// <summary>
/// An energy-based voice activity detector over 20 ms frames of PCM16. Speech starts after
/// <see cref="VadSettings.MinSpeechMs"/> of consecutive voiced frames (dated at the first of them) and stops after
/// <see cref="VadSettings.SilenceDurationMs"/> of consecutive silent frames (dated at the first silent one). Frames
/// may straddle messages: the partial frame's energy is carried in <see cref="VadState"/>. No allocation.
/// </summary>
internal static class EnergyVad
{
    public const int FrameMs = 20;

    /// <summary>
    /// Runs the samples of one message (the first of which is at <paramref name="positionMs"/>) through the VAD and
    /// appends what it detected to <paramref name="events"/>.
    /// </summary>
    public static void Process(ref VadState state, in VadSettings settings, ReadOnlySpan<short> samples, int sampleRate, double positionMs, List<VadEvent> events)
    {
        var frameSamples = sampleRate * FrameMs / 1000;
        var threshold = settings.ThresholdMeanSquare;
        var msPerSample = 1000.0 / sampleRate;
        var sum = state.PartialSumSquares;
        var count = state.PartialSamples;
        for (var i = 0; i < samples.Length; i++)
        {
            double sample = samples[i];
            sum += sample * sample;
            if (++count < frameSamples)
            {
                continue;
            }

            var frameEndMs = positionMs + ((i + 1) * msPerSample);
            var voiced = sum / count >= threshold;
            sum = 0;
            count = 0;
            OnFrame(ref state, settings, voiced, frameEndMs - FrameMs, i + 1, events);
        }

        state.PartialSumSquares = sum;
        state.PartialSamples = count;
    }

    private static void OnFrame(ref VadState state, in VadSettings settings, bool voiced, double frameStartMs, int sampleIndex, List<VadEvent> events)
    {
        if (!state.Speaking)
        {
            if (!voiced)
            {
                state.VoicedRunMs = 0;
                return;
            }

            if (state.VoicedRunMs == 0)
            {
                state.VoicedRunStartMs = frameStartMs;
            }

            state.VoicedRunMs += FrameMs;
            if (state.VoicedRunMs >= Math.Max(FrameMs, settings.MinSpeechMs))
            {
                state.Speaking = true;
                state.SpeechStartMs = state.VoicedRunStartMs;
                state.SilenceRunMs = 0;
                state.VoicedRunMs = 0;
                events.Add(new VadEvent(true, state.SpeechStartMs, sampleIndex));
            }

            return;
        }

        if (voiced)
        {
            state.SilenceRunMs = 0;
            return;
        }

        if (state.SilenceRunMs == 0)
        {
            state.SilenceStartMs = frameStartMs;
        }

        state.SilenceRunMs += FrameMs;
        if (state.SilenceRunMs >= Math.Max(FrameMs, settings.SilenceDurationMs))
        {
            state.Speaking = false;
            state.SilenceRunMs = 0;
            events.Add(new VadEvent(false, state.SilenceStartMs, sampleIndex));
        }
    }
}
