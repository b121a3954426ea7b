using System.Net;
using System.Text.Json;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace VoiceAgent.Processor.Providers;

/// <summary>Turns what went wrong in a provider call into a <see cref="ProviderException"/> a client can be told about.</summary>
internal static class ProviderFailures
{
    private const int MaxErrorBodyBytes = 16 * 1024;

    /// <summary>An error answer: its OpenAI-shaped <c>error.message</c> when it has one, else its status.</summary>
    public static async Task<ProviderException> FromResponseAsync(ProviderKind provider, HttpResponseMessage response, CancellationToken cancellationToken)
    {
        string? detail = null;
        try
        {
            var body = await ReadBoundedAsync(response.Content, cancellationToken).ConfigureAwait(false);
            detail = ErrorMessageOf(body);
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
        }

        var status = (int)response.StatusCode;
        var code = response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.GatewayTimeout
            ? ProviderErrorCodes.Timeout
            : ProviderErrorCodes.Error;
        var message = $"The {Name(provider)} provider answered {status} {response.ReasonPhrase}" + (detail is null ? "." : $": {detail}");
        return new ProviderException(provider, code, message, response.StatusCode);
    }

    /// <summary>
    /// A call that threw. Returns null when the caller itself cancelled (nothing to report); otherwise the failure.
    /// </summary>
    public static ProviderException? FromException(ProviderKind provider, Exception exception, CancellationToken callerToken, bool afterFirstByte)
    {
        if (exception is ProviderException known)
        {
            return known;
        }

        if (callerToken.IsCancellationRequested)
        {
            // Whatever the transport threw after the caller gave up is the caller's doing.
            return null;
        }

        var name = Name(provider);
        return exception switch
        {
            BrokenCircuitException => new ProviderException(provider, ProviderErrorCodes.Unavailable,
                $"The {name} provider is failing; its circuit breaker is open.", innerException: exception),
            TimeoutRejectedException or OperationCanceledException or TimeoutException => new ProviderException(provider,
                afterFirstByte ? ProviderErrorCodes.StreamBroken : ProviderErrorCodes.Timeout,
                afterFirstByte ? $"The {name} provider's stream stalled." : $"The {name} provider did not answer in time.",
                afterFirstByte: afterFirstByte, innerException: exception),
            HttpRequestException or IOException => new ProviderException(provider,
                afterFirstByte ? ProviderErrorCodes.StreamBroken : ProviderErrorCodes.Unavailable,
                afterFirstByte ? $"The {name} provider's stream broke: {exception.Message}" : $"The {name} provider could not be reached: {exception.Message}",
                afterFirstByte: afterFirstByte, innerException: exception),
            JsonException or FormatException or InvalidDataException => new ProviderException(provider, ProviderErrorCodes.BadResponse,
                $"The {name} provider's answer could not be read: {exception.Message}", afterFirstByte: afterFirstByte, innerException: exception),
            _ => new ProviderException(provider, ProviderErrorCodes.Error, $"The {name} provider call failed: {exception.Message}",
                afterFirstByte: afterFirstByte, innerException: exception),
        };
    }

    /// <summary>The <c>error.message</c> of an OpenAI error body, or null.</summary>
    public static string? ErrorMessageOf(ReadOnlySpan<byte> body)
    {
        if (body.IsEmpty)
        {
            return null;
        }

        try
        {
            var reader = new Utf8JsonReader(body);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isError = reader.ValueTextEquals("error"u8);
                reader.Read();
                if (!isError)
                {
                    reader.Skip();
                    continue;
                }

                if (reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return null;
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var isMessage = reader.ValueTextEquals("message"u8);
                    reader.Read();
                    if (isMessage && reader.TokenType == JsonTokenType.String)
                    {
                        return reader.GetString();
                    }

                    reader.Skip();
                }

                return null;
            }
        }
        catch (JsonException)
        {
        }

        return null;
    }

    public static string Name(ProviderKind provider) => provider switch
    {
        ProviderKind.Asr => "ASR",
        ProviderKind.Llm => "LLM",
        _ => "TTS",
    };

    private static async Task<byte[]> ReadBoundedAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = new byte[MaxErrorBodyBytes];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
        {
            total += read;
        }

        return buffer[..total];
    }
}
