using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace VoiceAgent.Processor.Providers;

/// <summary>
/// The TTS: <c>POST {base}/v1/audio/speech</c> with <c>response_format: pcm</c>, read as it streams. The time to the
/// first audio byte is bounded by <see cref="ProviderOptions.FirstByteTimeout"/>; attempts are retried only before
/// the first byte arrives.
/// </summary>
internal sealed class SpeechClient(IHttpClientFactory httpClients, IOptionsMonitor<ProvidersOptions> options)
{
    private const int FirstReadBytes = 8192;

    /// <summary>The sample rate of the PCM16 the provider streams.</summary>
    public int SampleRate => options.CurrentValue.Tts.SampleRate;

    public Task<SpeechStream> OpenAsync(string text, string? voice, double? speed, string requestId, CancellationToken cancellationToken)
    {
        var provider = options.CurrentValue.Tts;
        var body = WriteRequest(provider.Model, text, string.IsNullOrEmpty(voice) ? provider.Voice : voice, speed);
        var client = httpClients.CreateClient(ProviderNames.Tts);
        return StreamOpener.OpenAsync(
            ProviderKind.Tts,
            provider,
            (_, timeouts) => OpenAttemptAsync(client, provider, body, requestId, timeouts, cancellationToken),
            cancellationToken);
    }

    internal static byte[] WriteRequest(string model, string text, string voice, double? speed)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            json.WriteString("input"u8, text);
            json.WriteString("voice"u8, voice);
            json.WriteString("response_format"u8, "pcm");
            if (speed is { } value && Math.Abs(value - 1.0) > 1e-9)
            {
                json.WriteNumber("speed"u8, Math.Round(value, 3));
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<SpeechStream> OpenAttemptAsync(
        HttpClient client, ProviderOptions provider, byte[] body, string requestId, CancellationTokenSource timeouts, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = ProviderRequests.Create(provider, "audio/speech", content, requestId);
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeouts.Token).ConfigureAwait(false);
        Stream? bodyStream = null;
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ProviderFailures.FromResponseAsync(ProviderKind.Tts, response, timeouts.Token).ConfigureAwait(false);
            }

            bodyStream = await response.Content.ReadAsStreamAsync(timeouts.Token).ConfigureAwait(false);
            var first = new byte[FirstReadBytes];
            var read = await bodyStream.ReadAsync(first, timeouts.Token).ConfigureAwait(false);
            return new SpeechStream(response, bodyStream, first, read, timeouts, provider.StreamIdleTimeout, cancellationToken);
        }
        catch
        {
            if (bodyStream is not null)
            {
                await bodyStream.DisposeAsync().ConfigureAwait(false);
            }

            response.Dispose();
            throw;
        }
    }
}
