using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace VoiceAgent.Processor.Providers;

/// <summary>
/// The LLM: <c>POST {base}/v1/chat/completions</c> with <c>stream: true</c>, read as server-sent events. The
/// time to the first token is bounded by <see cref="ProviderOptions.FirstByteTimeout"/>; attempts are retried only
/// before the first token arrives.
/// </summary>
internal sealed class ChatCompletionClient(IHttpClientFactory httpClients, IOptionsMonitor<ProvidersOptions> options)
{
    /// <summary>Streams the answer to <paramref name="messages"/>, delta by delta.</summary>
    public async IAsyncEnumerable<ChatDelta> StreamAsync(
        IReadOnlyList<ChatMessage> messages,
        int? maxTokens,
        string requestId,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var provider = options.CurrentValue.Llm;
        var body = WriteRequest(provider.Model, messages, maxTokens ?? provider.MaxTokens);
        var client = httpClients.CreateClient(ProviderNames.Llm);
        var (stream, first) = await StreamOpener.OpenAsync(
            ProviderKind.Llm,
            provider,
            (_, timeouts) => OpenAttemptAsync(client, provider, body, requestId, timeouts, cancellationToken),
            cancellationToken).ConfigureAwait(false);
        await using (stream)
        {
            if (first is not { } delta)
            {
                yield break;
            }

            yield return delta;
            while (await stream.ReadAsync().ConfigureAwait(false) is { } next)
            {
                yield return next;
            }
        }
    }

    internal static byte[] WriteRequest(string model, IReadOnlyList<ChatMessage> messages, int? maxTokens)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("model"u8, model);
            json.WriteStartArray("messages"u8);
            foreach (var message in messages)
            {
                json.WriteStartObject();
                json.WriteString("role"u8, message.Role);
                json.WriteString("content"u8, message.Content);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteBoolean("stream"u8, true);
            json.WriteStartObject("stream_options"u8);
            json.WriteBoolean("include_usage"u8, true);
            json.WriteEndObject();
            if (maxTokens is { } limit)
            {
                json.WriteNumber("max_tokens"u8, limit);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static async Task<(ChatCompletionStream Stream, ChatDelta? First)> OpenAttemptAsync(
        HttpClient client, ProviderOptions provider, byte[] body, string requestId, CancellationTokenSource timeouts, CancellationToken cancellationToken)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        using var request = ProviderRequests.Create(provider, "chat/completions", content, requestId);
        request.Headers.Accept.ParseAdd("text/event-stream");
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeouts.Token).ConfigureAwait(false);
        Stream? bodyStream = null;
        ServerSentEventReader? events = null;
        try
        {
            if (!response.IsSuccessStatusCode)
            {
                throw await ProviderFailures.FromResponseAsync(ProviderKind.Llm, response, timeouts.Token).ConfigureAwait(false);
            }

            bodyStream = await response.Content.ReadAsStreamAsync(timeouts.Token).ConfigureAwait(false);
            events = new ServerSentEventReader(bodyStream);
            var first = await ChatCompletionStream.ReadDeltaAsync(events, afterFirstByte: false, timeouts.Token).ConfigureAwait(false);
            return (new ChatCompletionStream(response, bodyStream, events, timeouts, provider.StreamIdleTimeout, cancellationToken), first);
        }
        catch
        {
            if (events is not null)
            {
                await events.DisposeAsync().ConfigureAwait(false);
            }

            if (bodyStream is not null)
            {
                await bodyStream.DisposeAsync().ConfigureAwait(false);
            }

            response.Dispose();
            throw;
        }
    }
}
