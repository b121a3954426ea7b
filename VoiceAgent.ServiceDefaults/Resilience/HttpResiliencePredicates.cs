using System.Net;
using Polly;
using Polly.Timeout;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>Which outcomes of an HTTP attempt are transient: worth a retry and counted by the circuit breaker.</summary>
public static class HttpResiliencePredicates
{
    /// <summary>
    /// A network failure (<see cref="HttpRequestException"/>), an attempt that timed out
    /// (<see cref="TimeoutRejectedException"/>), or a 408, 429 or 5xx response.
    /// </summary>
    public static bool IsTransient(Outcome<HttpResponseMessage> outcome) =>
        outcome.Exception switch
        {
            HttpRequestException or TimeoutRejectedException => true,
            null => outcome.Result is { } response && IsTransient(response.StatusCode),
            _ => false,
        };

    /// <summary>408 Request Timeout, 429 Too Many Requests and every 5xx status.</summary>
    public static bool IsTransient(HttpStatusCode statusCode) =>
        statusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)statusCode >= 500;
}
