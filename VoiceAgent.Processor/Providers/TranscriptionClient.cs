using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace VoiceAgent.Processor.Providers;

/// <summary>
/// The ASR: <c>POST {base}/v1/audio/transcriptions</c>, a multipart upload of the utterance as a PCM16 WAV file,
/// answered with <c>{"text": ...}</c>. Transient failures are retried by the client's resilience pipeline (the
/// upload is buffered, so it can be sent again).
/// </summary>
internal sealed class TranscriptionClient(IHttpClientFactory httpClients, IOptionsMonitor<ProvidersOptions> options)
{
    public async Task<string> TranscribeAsync(ReadOnlyMemory<byte> wav, string? language, string? prompt, string requestId, CancellationToken cancellationToken)
    {
        var provider = options.CurrentValue.Asr;
        var client = httpClients.CreateClient(ProviderNames.Asr);
        using var form = new MultipartFormDataContent();
        var file = new ReadOnlyMemoryContent(wav);
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "audio.wav");
        form.Add(new StringContent(provider.Model), "model");
        form.Add(new StringContent("json"), "response_format");
        if ((language ?? provider.Language) is { Length: > 0 } hint)
        {
            form.Add(new StringContent(hint), "language");
        }

        if (!string.IsNullOrEmpty(prompt))
        {
            form.Add(new StringContent(prompt), "prompt");
        }

        try
        {
            using var request = ProviderRequests.Create(provider, "audio/transcriptions", form, requestId);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw await ProviderFailures.FromResponseAsync(ProviderKind.Asr, response, cancellationToken).ConfigureAwait(false);
            }

            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            return ParseText(body);
        }
        catch (Exception e) when (ProviderFailures.FromException(ProviderKind.Asr, e, cancellationToken, afterFirstByte: false) is { } failure && !ReferenceEquals(failure, e))
        {
            throw failure;
        }
    }

    /// <summary>The <c>text</c> of a JSON transcription.</summary>
    internal static string ParseText(ReadOnlySpan<byte> body)
    {
        var reader = new Utf8JsonReader(body);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("The transcription is not a JSON object.");
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isText = reader.ValueTextEquals("text"u8);
            reader.Read();
            if (isText && reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString()!;
            }

            reader.Skip();
        }

        throw new JsonException("The transcription has no 'text'.");
    }
}
