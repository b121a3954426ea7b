using System.Text;
using VoiceAgent.Mocks.Audio;
using VoiceAgent.Mocks.Faults;

namespace VoiceAgent.Mocks.Asr;

/// <summary>
/// Turns audio into a deterministic transcript. The rule:
/// <list type="number">
/// <item>The audio is cut into 20 ms frames; a frame is voiced when its RMS level is at least -40 dBFS.</item>
/// <item>Voiced frames separated by less than 300 ms of unvoiced audio form one segment (one sentence).</item>
/// <item>A segment yields one word per 300 ms of voiced audio, rounded to the nearest whole word, so a
/// segment with less than 150 ms of voiced audio yields nothing. Silence gives an empty transcript.</item>
/// <item>Each word takes an equal share of the segment's voiced frames. It is picked from
/// <see cref="Vocabulary"/> by hashing that share's loudness (6 dB steps), its pitch estimated from zero
/// crossings (steps of a sixth of an octave) and the word's position in the transcript, so the same sound
/// gives the same words at any sample rate and different sounds give different words.</item>
/// </list>
/// </summary>
internal static class Transcriber
{
    private const int FramesPerSecond = 50;
    private const double VoicedRms = 32768 * 0.01;
    private const int MaxGapFrames = 15;
    private const int FramesPerWord = 15;

    public static Transcript Transcribe(PcmAudio audio)
    {
        var frames = Measure(audio);
        var segments = new List<TranscriptSegment>();
        var text = new StringBuilder();
        var wordPosition = 0;
        foreach (var (first, last) in FindSegments(frames))
        {
            var voiced = new List<int>();
            for (var i = first; i <= last; i++)
            {
                if (frames[i].Voiced)
                {
                    voiced.Add(i);
                }
            }

            var wordCount = (voiced.Count + (FramesPerWord / 2)) / FramesPerWord;
            if (wordCount == 0)
            {
                continue;
            }

            var sentence = new StringBuilder();
            for (var word = 0; word < wordCount; word++)
            {
                var share = voiced.GetRange(word * voiced.Count / wordCount, ((word + 1) * voiced.Count / wordCount) - (word * voiced.Count / wordCount));
                var chosen = Vocabulary.Words[PickWord(frames, share, audio.SampleRate, wordPosition++) % (ulong)Vocabulary.Words.Length];
                if (sentence.Length > 0)
                {
                    sentence.Append(' ');
                }

                sentence.Append(sentence.Length == 0 ? char.ToUpperInvariant(chosen[0]) + chosen[1..] : chosen);
            }

            sentence.Append('.');
            var start = TimeSpan.FromSeconds((double)first / FramesPerSecond);
            var end = TimeSpan.FromSeconds(Math.Min((double)(last + 1) / FramesPerSecond, audio.Duration.TotalSeconds));
            segments.Add(new TranscriptSegment(segments.Count, start, end, sentence.ToString()));
            if (text.Length > 0)
            {
                text.Append(' ');
            }

            text.Append(sentence);
        }

        return new Transcript(text.ToString(), audio.Duration, segments);
    }

    private static Frame[] Measure(PcmAudio audio)
    {
        var samplesPerFrame = Math.Max(1, audio.SampleRate / FramesPerSecond);
        var samples = audio.Samples;
        var frames = new Frame[(samples.Length + samplesPerFrame - 1) / samplesPerFrame];
        for (var f = 0; f < frames.Length; f++)
        {
            var start = f * samplesPerFrame;
            var end = Math.Min(start + samplesPerFrame, samples.Length);
            double sumOfSquares = 0;
            var crossings = 0;
            for (var i = start; i < end; i++)
            {
                sumOfSquares += (double)samples[i] * samples[i];
                if (i > 0 && (samples[i] < 0) != (samples[i - 1] < 0))
                {
                    crossings++;
                }
            }

            var count = end - start;
            frames[f] = new Frame(sumOfSquares, count, crossings, Math.Sqrt(sumOfSquares / count) >= VoicedRms);
        }

        return frames;
    }

    private static List<(int First, int Last)> FindSegments(Frame[] frames)
    {
        var segments = new List<(int, int)>();
        var first = -1;
        var last = -1;
        for (var i = 0; i < frames.Length; i++)
        {
            if (!frames[i].Voiced)
            {
                continue;
            }

            if (first >= 0 && i - last - 1 >= MaxGapFrames)
            {
                segments.Add((first, last));
                first = -1;
            }

            if (first < 0)
            {
                first = i;
            }

            last = i;
        }

        if (first >= 0)
        {
            segments.Add((first, last));
        }

        return segments;
    }

    private static ulong PickWord(Frame[] frames, List<int> share, int sampleRate, int position)
    {
        double sumOfSquares = 0;
        long samples = 0;
        long crossings = 0;
        foreach (var index in share)
        {
            sumOfSquares += frames[index].SumOfSquares;
            samples += frames[index].SampleCount;
            crossings += frames[index].ZeroCrossings;
        }

        var rms = Math.Sqrt(sumOfSquares / samples);
        var loudness = (long)Math.Floor(20 * Math.Log10(rms / 32768) / 6);
        var pitchHz = crossings * (double)sampleRate / (2.0 * samples);
        var pitch = pitchHz > 0 ? (long)Math.Round(6 * Math.Log2(pitchHz / 50)) : -1;
        return StableHash.Combine(StableHash.Combine((ulong)loudness, (ulong)pitch), (ulong)position);
    }

    private readonly record struct Frame(double SumOfSquares, int SampleCount, int ZeroCrossings, bool Voiced);
}
