namespace VoiceAgent.Processor.Providers;

/// <summary>
/// Gives every attempt of a request its own <c>x-request-id</c> (<c>{request id}.{attempt}</c>), so that a provider's
/// logs, and a mock's fault draws, tell a retry from the first try. Runs inside the resilience handler.
/// </summary>
internal sealed class AttemptRequestIdHandler : DelegatingHandler
{
    public const string HeaderName = "x-request-id";

    public static readonly HttpRequestOptionsKey<string> RequestId = new("VoiceAgent.Processor.RequestId");

    private static readonly HttpRequestOptionsKey<int> Attempt = new("VoiceAgent.Processor.Attempt");

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(RequestId, out var id))
        {
            request.Options.TryGetValue(Attempt, out var attempt);
            attempt++;
            request.Options.Set(Attempt, attempt);
            request.Headers.Remove(HeaderName);
            request.Headers.TryAddWithoutValidation(HeaderName, $"{id}.{attempt}");
        }

        return base.SendAsync(request, cancellationToken);
    }
}
