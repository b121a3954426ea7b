using System.Buffers;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VoiceAgent.Mocks.Asr;
using VoiceAgent.Mocks.Audio;
using VoiceAgent.Mocks.Json;
using VoiceAgent.Mocks.Knobs;

namespace VoiceAgent.Mocks.Apis;

/// <summary>
/// <c>POST /v1/audio/transcriptions</c>: multipart/form-data with <c>file</c> (a 16-bit PCM WAV, or raw PCM16
/// little-endian mono with a <c>sample_rate</c> field), <c>model</c>, and optional <c>language</c>, <c>prompt</c>
/// (ignored) and <c>response_format</c> (<c>json</c>, <c>text</c> or <c>verbose_json</c>).
/// </summary>
internal static class TranscriptionsApi
{
    public static RouteHandlerBuilder MapTranscriptionsApi(this IEndpointRouteBuilder api) =>
        api.MapPost("/audio/transcriptions", TranscribeAsync).WithName("CreateTranscription");

    private static async Task TranscribeAsync(HttpContext context, MockApiServices services)
    {
        var cancellationToken = context.RequestAborted;
        var knobs = AsrKnobs.Resolve(services.Options.Asr, context.Request.Headers);
        if (!context.Request.HasFormContentType)
        {
            throw new InvalidRequestException("Send the audio as multipart/form-data with a 'file' field.", "file");
        }

        var form = await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        if (string.IsNullOrWhiteSpace(form["model"]))
        {
            throw new InvalidRequestException("You must provide a model parameter.", "model");
        }

        var responseFormat = form["response_format"].ToString() is { Length: > 0 } format ? format : "json";
        if (responseFormat is not ("json" or "text" or "verbose_json"))
        {
            throw new InvalidRequestException(
                $"response_format '{responseFormat}' is not supported by the mock: use json, text or verbose_json.", "response_format");
        }

        var file = form.Files.GetFile("file") ?? throw new InvalidRequestException("The 'file' field with the audio is missing.", "file");
        var audio = await ReadAudioAsync(file, form["sample_rate"], cancellationToken).ConfigureAwait(false);

        // The latency is the model's work, so it counts from the end of the upload.
        var pacer = new Pacer(services.Time);
        var plan = services.PlanFaults(context, MockApi.Asr, knobs.Faults);
        if (plan.ErrorStatusCode is { } errorStatus)
        {
            await services.FailAsync(context, MockApi.Asr, plan, errorStatus).ConfigureAwait(false);
            return;
        }

        var transcript = Transcriber.Transcribe(audio);
        pacer.Stall(plan.Stall);
        await pacer.WaitUntilAsync(knobs.Latency, cancellationToken).ConfigureAwait(false);
        await WriteAsync(context, transcript, responseFormat, form["language"], cancellationToken).ConfigureAwait(false);
        services.Completed(MockApi.Asr);
    }

    private static async Task<PcmAudio> ReadAudioAsync(IFormFile file, string? sampleRate, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Max(file.Length, 1));
        try
        {
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(buffer.AsMemory(0, (int)file.Length), cancellationToken).ConfigureAwait(false);
            }

            var bytes = buffer.AsSpan(0, (int)file.Length);
            if (WavFile.LooksLikeWav(bytes))
            {
                return WavFile.Read(bytes);
            }

            if (!int.TryParse(sampleRate, NumberStyles.None, CultureInfo.InvariantCulture, out var rate))
            {
                throw new InvalidRequestException(
                    "The file is not a WAV file. Send WAV, or raw PCM16 little-endian mono with a 'sample_rate' field (in Hz).",
                    "sample_rate");
            }

            return PcmAudio.FromPcm16(bytes, rate);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static Task WriteAsync(HttpContext context, Transcript transcript, string responseFormat, string? language, CancellationToken cancellationToken)
    {
        switch (responseFormat)
        {
            case "text":
                context.Response.ContentType = "text/plain; charset=utf-8";
                return context.Response.WriteAsync(transcript.Text, cancellationToken);
            case "verbose_json":
                var verbose = new VerboseTranscriptionResponse
                {
                    Language = string.IsNullOrWhiteSpace(language) ? "english" : language,
                    Duration = Math.Round(transcript.Duration.TotalSeconds, 3),
                    Text = transcript.Text,
                    Segments = [.. transcript.Segments.Select(s => new VerboseSegment
                    {
                        Id = s.Id,
                        Start = Math.Round(s.Start.TotalSeconds, 3),
                        End = Math.Round(s.End.TotalSeconds, 3),
                        Text = s.Text,
                    })],
                };
                return context.Response.WriteAsJsonAsync(verbose, MockJsonContext.Default.VerboseTranscriptionResponse, cancellationToken: cancellationToken);
            default:
                return context.Response.WriteAsJsonAsync(
                    new TranscriptionResponse { Text = transcript.Text }, MockJsonContext.Default.TranscriptionResponse, cancellationToken: cancellationToken);
        }
    }
}
