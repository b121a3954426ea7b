using Polly;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// Sends a request through its client's standard pipeline. Every attempt sends the same
/// <see cref="HttpRequestMessage"/> down the inner handlers, which is sound for the bodies the pipeline agrees to
/// retry (buffered ones). Inner handlers keep the headers valid: service discovery restores the logical URI after
/// each attempt, and the HTTP stack writes a fresh <c>traceparent</c> for each attempt's span.
/// </summary>
internal sealed class ResilienceHandler(HttpResiliencePipelineProvider pipelines, string clientName) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(clientName);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResilienceProperties.Request, request);
        var attempt = (Handler: this, Request: request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (context, attempt) => attempt.Handler.SendAttemptAsync(attempt.Request, context.CancellationToken),
                context,
                attempt).ConfigureAwait(false);
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private async ValueTask<Outcome<HttpResponseMessage>> SendAttemptAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        try
        {
            var response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return Outcome.FromResult(response);
        }
        catch (Exception exception)
        {
            return Outcome.FromException<HttpResponseMessage>(exception);
        }
    }
}
