using System.Net;

namespace VoiceAgent.Processor.Providers;

/// <summary>
/// A provider call that failed: what a client would be told in an <c>error</c> event (<see cref="Code"/>, message)
/// and what the logs need (provider, HTTP status, whether content had already arrived).
/// </summary>
internal sealed class ProviderException : Exception
{
    public ProviderException(ProviderKind provider, string code, string message, HttpStatusCode? statusCode = null, bool afterFirstByte = false, Exception? innerException = null)
        : base(message, innerException)
    {
        Provider = provider;
        Code = code;
        StatusCode = statusCode;
        AfterFirstByte = afterFirstByte;
    }

    public ProviderKind Provider { get; }

    /// <summary>
    /// <c>provider_error</c> (an error answer), <c>provider_timeout</c> (a timeout or budget exceeded),
    /// <c>provider_unavailable</c> (network failure or open circuit breaker), <c>provider_stream_broken</c>
    /// (a stream that failed after content arrived) or <c>provider_bad_response</c> (an unreadable answer).
    /// </summary>
    public string Code { get; }

    public HttpStatusCode? StatusCode { get; }

    /// <summary>Whether the failure came after content had arrived (and so was not retried).</summary>
    public bool AfterFirstByte { get; }
}
