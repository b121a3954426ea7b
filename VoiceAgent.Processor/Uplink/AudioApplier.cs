using System.Buffers;
using VoiceAgent.Processor.Audio;
using VoiceAgent.Processor.Downlink;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Processor.Uplink;

/// <summary>
/// Applies input audio: appends it to the session's buffer and, with server VAD, runs the VAD over it: speech start
/// publishes <c>speech_started</c> (and barges in on a response in progress), speech stop publishes
/// <c>speech_stopped</c>, commits the utterance and, with <c>create_response</c>, queues a response. A message is
/// cut where the VAD decided, so the utterance holds exactly the audio up to that point. Without speech the buffer
/// keeps only the prefix padding.
/// </summary>
internal sealed class AudioApplier(TurnCommits commits, ResponseRequests responses, ProcessorOptions options)
{
    [ThreadStatic]
    private static List<VadEvent>? _threadEvents;

    public async Task ApplyAsync(UplinkContext context, AudioFormat format, ReadOnlyMemory<byte> audio, CancellationToken cancellationToken)
    {
        var record = context.Record;
        var link = format.ToLinkString();
        if (record.BufferFormat != link)
        {
            if (record.BufferBytes > 0)
            {
                InputBuffer.Clear(context);
            }

            record.BufferFormat = link;
        }

        if (format.Encoding == AudioEncoding.Pcm16 && (audio.Length & 1) != 0)
        {
            audio = audio[..^1];
        }

        var start = record.InputMs;
        var turnDetection = context.Config.Audio.Input.TurnDetection;
        if (turnDetection is null)
        {
            InputBuffer.Append(context, audio);
            record.InputMs = start + format.GetDurationMilliseconds(audio.Length);
            BoundBuffer(context, format, record.InputMs, speaking: true);
            return;
        }

        // Copied out of the thread's list: the loop awaits, and may resume on another thread.
        var detected = Detect(record, turnDetection, format, audio.Span, start);
        VadEvent[] events = detected.Count == 0 ? [] : [.. detected];
        var cursor = 0;
        foreach (var vadEvent in events)
        {
            var offset = Math.Min(audio.Length, vadEvent.SampleIndex * format.BytesPerSample);
            InputBuffer.Append(context, audio[cursor..offset]);
            var position = start + format.GetDurationMilliseconds(offset);
            cursor = offset;
            if (vadEvent.Started)
            {
                await SpeechStartedAsync(context, turnDetection, format, vadEvent.AtMs, position, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await SpeechStoppedAsync(context, turnDetection, vadEvent.AtMs, position, cancellationToken).ConfigureAwait(false);
            }
        }

        InputBuffer.Append(context, audio[cursor..]);
        record.InputMs = start + format.GetDurationMilliseconds(audio.Length);
        BoundBuffer(context, format, record.InputMs, record.Vad.Speaking);
    }

    private List<VadEvent> Detect(Sessions.SessionRecord record, TurnDetectionConfig turnDetection, AudioFormat format, ReadOnlySpan<byte> audio, double start)
    {
        var events = _threadEvents ??= [];
        events.Clear();
        var settings = new VadSettings(turnDetection.Threshold, turnDetection.PrefixPaddingMs, turnDetection.SilenceDurationMs, (int)options.MinSpeech.TotalMilliseconds);
        if (format.Encoding == AudioEncoding.Pcm16)
        {
            EnergyVad.Process(ref record.Vad, settings, Pcm16.AsSamples(audio), format.SampleRate, start, events);
            return events;
        }

        var samples = ArrayPool<short>.Shared.Rent(audio.Length);
        try
        {
            if (format.Encoding == AudioEncoding.MuLaw)
            {
                G711.DecodeMuLaw(audio, samples);
            }
            else
            {
                G711.DecodeALaw(audio, samples);
            }

            EnergyVad.Process(ref record.Vad, settings, samples.AsSpan(0, audio.Length), format.SampleRate, start, events);
        }
        finally
        {
            ArrayPool<short>.Shared.Return(samples);
        }

        return events;
    }

    private async Task SpeechStartedAsync(
        UplinkContext context, TurnDetectionConfig turnDetection, AudioFormat format, double speechStartMs, double position, CancellationToken cancellationToken)
    {
        var record = context.Record;
        var audioStartMs = Math.Max(record.BufferStartMs, speechStartMs - turnDetection.PrefixPaddingMs);
        InputBuffer.KeepLast(context, format, InputBuffer.BytesFor(format, position - audioStartMs), position);
        var itemId = record.NewId("item");
        record.SpeechItemId = itemId;
        context.Publish(id => ServerEvents.SpeechStarted(id, (long)Math.Round(audioStartMs), itemId));
        if (turnDetection.InterruptResponse)
        {
            await responses.CancelAsync(context, null, ResponseRequests.TurnDetected, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task SpeechStoppedAsync(UplinkContext context, TurnDetectionConfig turnDetection, double speechEndMs, double position, CancellationToken cancellationToken)
    {
        var record = context.Record;
        var itemId = record.SpeechItemId ?? record.NewId("item");
        context.Publish(id => ServerEvents.SpeechStopped(id, (long)Math.Round(speechEndMs), itemId));
        await commits.CommitAsync(context, itemId, position, turnDetection.CreateResponse, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Without speech, keeps the prefix padding (plus a second, to trim rarely); never more than the longest utterance.</summary>
    private void BoundBuffer(UplinkContext context, AudioFormat format, double endMs, bool speaking)
    {
        var record = context.Record;
        if (!speaking && context.Config.Audio.Input.TurnDetection is { } turnDetection)
        {
            var padding = InputBuffer.BytesFor(format, turnDetection.PrefixPaddingMs);
            if (record.BufferBytes > padding + InputBuffer.BytesFor(format, 1000))
            {
                InputBuffer.KeepLast(context, format, padding, endMs);
            }
        }

        var max = InputBuffer.BytesFor(format, options.MaxUtterance.TotalMilliseconds);
        if (record.BufferBytes > max)
        {
            InputBuffer.KeepLast(context, format, max, endMs);
        }
    }
}
