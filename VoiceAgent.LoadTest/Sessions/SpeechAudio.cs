using System.Buffers.Binary;
using System.Text;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>
/// One utterance of speech-like input as 20 ms frames of 24 kHz PCM16: tone bursts of 300 ms (one word each to
/// the mock ASR) with 100 ms gaps (one sentence), then, for server VAD, trailing silence. Built once, shared by
/// every session, in both forms the gateway takes: raw frames and <c>input_audio_buffer.append</c> events.
/// </summary>
internal sealed class SpeechAudio
{
    public const int SampleRate = 24_000;
    public const int FrameMilliseconds = 20;
    private const int SamplesPerFrame = SampleRate * FrameMilliseconds / 1000;
    private const int BurstFrames = 15;
    private const int GapFrames = 5;
    private const double Amplitude = 8000;
    private static readonly double[] Pitches = [180, 240, 300, 210, 270];

    private SpeechAudio(IReadOnlyList<ReadOnlyMemory<byte>> frames, int voicedFrames)
    {
        Frames = frames;
        VoicedFrames = voicedFrames;
        AppendEvents = [.. frames.Select(ToAppendEvent)];
    }

    /// <summary>The raw PCM16 frames, speech first.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> Frames { get; }

    /// <summary>The same frames as <c>input_audio_buffer.append</c> JSON.</summary>
    public IReadOnlyList<ReadOnlyMemory<byte>> AppendEvents { get; }

    /// <summary>How many frames, from the first, are the utterance; the rest is trailing silence.</summary>
    public int VoicedFrames { get; }

    /// <summary>Speech lasting about <paramref name="speech"/> (whole bursts), then <paramref name="trailingSilence"/>.</summary>
    public static SpeechAudio Create(TimeSpan speech, TimeSpan trailingSilence)
    {
        var speechFrames = Math.Max(BurstFrames, (int)Math.Round(speech.TotalMilliseconds / FrameMilliseconds));
        var frames = new List<ReadOnlyMemory<byte>>();
        var sample = 0L;
        for (var burst = 0; frames.Count < speechFrames; burst++)
        {
            if (burst > 0)
            {
                for (var i = 0; i < GapFrames; i++)
                {
                    frames.Add(new byte[SamplesPerFrame * 2]);
                }
            }

            var pitch = Pitches[burst % Pitches.Length];
            for (var i = 0; i < BurstFrames; i++)
            {
                frames.Add(Tone(pitch, ref sample));
            }
        }

        var voiced = frames.Count;
        var silenceFrames = (int)Math.Ceiling(trailingSilence.TotalMilliseconds / FrameMilliseconds);
        for (var i = 0; i < silenceFrames; i++)
        {
            frames.Add(new byte[SamplesPerFrame * 2]);
        }

        return new SpeechAudio(frames, voiced);
    }

    private static byte[] Tone(double pitch, ref long sample)
    {
        var frame = new byte[SamplesPerFrame * 2];
        for (var i = 0; i < SamplesPerFrame; i++, sample++)
        {
            var value = (short)(Amplitude * Math.Sin(2 * Math.PI * pitch * sample / SampleRate));
            BinaryPrimitives.WriteInt16LittleEndian(frame.AsSpan(i * 2), value);
        }

        return frame;
    }

    private static ReadOnlyMemory<byte> ToAppendEvent(ReadOnlyMemory<byte> frame) =>
        Encoding.UTF8.GetBytes($$"""{"type":"input_audio_buffer.append","audio":"{{Convert.ToBase64String(frame.Span)}}"}""");
}
