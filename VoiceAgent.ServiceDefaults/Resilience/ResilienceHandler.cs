using Polly;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// Sends a request through its client's standard pipeline. Every attempt sends the same
/// <see cref="HttpRequestMessage"/> down the inner handlers, which is sound for the bodies the pipeline agrees to
/// retry (buffered ones); trace headers left by a failed attempt are removed first.
/// </summary>
internal sealed class ResilienceHandler(HttpResiliencePipelineProvider pipelines, string clientName) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var pipeline = pipelines.GetPipeline(clientName);
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(ResilienceProperties.Request, request);
        var attempt = new Attempt(this, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static (context, attempt) => attempt.SendAsync(context.CancellationToken),
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

    private Task<HttpResponseMessage> SendInnerAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);

    private sealed class Attempt(ResilienceHandler handler, HttpRequestMessage request)
    {
        private readonly PropagationHeaders _headersBeforeSend = PropagationHeaders.Capture(request);
        private int _count;

        public async ValueTask<Outcome<HttpResponseMessage>> SendAsync(CancellationToken cancellationToken)
        {
            if (_count++ > 0)
            {
                _headersBeforeSend.RemoveAddedBySend(request);
            }

            try
            {
                var response = await handler.SendInnerAsync(request, cancellationToken).ConfigureAwait(false);
                return Outcome.FromResult(response);
            }
            catch (Exception exception)
            {
                return Outcome.FromException<HttpResponseMessage>(exception);
            }
        }
    }
}
