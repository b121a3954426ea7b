using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VoiceAgent.Mocks.Audio;
using VoiceAgent.Mocks.Faults;
using VoiceAgent.Mocks.Json;
using VoiceAgent.Mocks.Knobs;
using VoiceAgent.Mocks.Tts;

namespace VoiceAgent.Mocks.Apis;

/// <summary>
/// <c>POST /v1/audio/speech</c>: JSON <c>{model, input, voice, response_format, speed}</c>. The audio streams out
/// (chunked) as it is produced: <c>pcm</c> is raw PCM16 little-endian 24 kHz mono, <c>wav</c> (the default) the
/// same behind a WAV header.
/// </summary>
internal static class SpeechApi
{
    public const int MaxInputLength = 4096;

    public static RouteHandlerBuilder MapSpeechApi(this IEndpointRouteBuilder api) =>
        api.MapPost("/audio/speech", SpeakAsync).WithName("CreateSpeech");

    private static async Task SpeakAsync(HttpContext context, MockApiServices services, SpeechSynthesizer synthesizer)
    {
        var cancellationToken = context.RequestAborted;
        var pacer = new Pacer(services.Time);
        var knobs = TtsKnobs.Resolve(services.Options.Tts, context.Request.Headers);
        var request = await JsonBody.ReadAsync(context.Request, MockJsonContext.Default.SpeechRequest, cancellationToken)
            .ConfigureAwait(false);
        var (voice, wav, speed) = Validate(request);

        var plan = services.PlanFaults(context, MockApi.Tts, knobs.Faults);
        if (plan.ErrorStatusCode is { } errorStatus)
        {
            await services.FailAsync(context, MockApi.Tts, plan, errorStatus).ConfigureAwait(false);
            return;
        }

        var audio = await synthesizer.SynthesizeAsync(request.Input!, voice, speed, knobs.Engine, cancellationToken).ConfigureAwait(false);
        await StreamAsync(context, audio, wav, services.Options.Tts.ChunkMs, knobs, plan, pacer, cancellationToken).ConfigureAwait(false);
        services.Completed(MockApi.Tts);
    }

    private static (string Voice, bool Wav, double Speed) Validate(SpeechRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw new InvalidRequestException("You must provide a model parameter.", "model");
        }

        if (string.IsNullOrWhiteSpace(request.Input))
        {
            throw new InvalidRequestException("'input' must hold the text to speak.", "input");
        }

        if (request.Input.Length > MaxInputLength)
        {
            throw new InvalidRequestException($"'input' is longer than {MaxInputLength} characters.", "input");
        }

        var voice = request.Voice switch
        {
            { ValueKind: JsonValueKind.String } name => name.GetString(),
            { ValueKind: JsonValueKind.Object } custom when custom.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String => id.GetString(),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(voice))
        {
            throw new InvalidRequestException("You must provide a voice (a name such as 'alloy', or {\"id\": ...}).", "voice");
        }

        var wav = request.ResponseFormat switch
        {
            null or "wav" => true,
            "pcm" => false,
            var other => throw new InvalidRequestException(
                $"response_format '{other}' is not supported by the mock: use pcm (raw 24 kHz 16-bit mono) or wav.", "response_format"),
        };

        var speed = request.Speed ?? 1;
        if (speed is < 0.25 or > 4 || double.IsNaN(speed))
        {
            throw new InvalidRequestException("'speed' must be between 0.25 and 4.", "speed");
        }

        if (request.StreamFormat is not (null or "audio"))
        {
            throw new InvalidRequestException(
                $"stream_format '{request.StreamFormat}' is not supported by the mock: the audio always streams as raw bytes ('audio').", "stream_format");
        }

        return (voice, wav, speed);
    }

    private static async Task StreamAsync(
        HttpContext context, ISpeechAudio audio, bool wav, int chunkMs, TtsKnobs knobs, FaultPlan plan, Pacer pacer, CancellationToken cancellationToken)
    {
        const int BytesPerMs = ISpeechAudio.SampleRate / 1000 * ISpeechAudio.BytesPerSample;
        var chunkBytes = chunkMs * BytesPerMs;
        var halfway = audio.TotalBytes / 2;
        var stalled = plan.Stall == TimeSpan.Zero;
        await pacer.WaitUntilAsync(knobs.TimeToFirstByte, cancellationToken).ConfigureAwait(false);

        context.Response.ContentType = wav ? "audio/wav" : "audio/pcm";
        var body = context.Response.BodyWriter;
        if (wav)
        {
            WavFile.WriteHeader(body.GetSpan(WavFile.HeaderSize), ISpeechAudio.SampleRate, 1, (int)Math.Min(audio.TotalBytes, int.MaxValue - WavFile.HeaderSize));
            body.Advance(WavFile.HeaderSize);
        }

        long sent = 0;
        while (true)
        {
            if (!stalled && sent >= halfway)
            {
                pacer.Stall(plan.Stall);
                stalled = true;
            }

            await pacer.WaitUntilAsync(knobs.AudioDue(TimeSpan.FromMilliseconds((double)sent / BytesPerMs)), cancellationToken)
                .ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            var read = audio.Read(body.GetSpan(chunkBytes)[..chunkBytes]);
            if (read == 0)
            {
                break;
            }

            body.Advance(read);
            sent += read;
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
