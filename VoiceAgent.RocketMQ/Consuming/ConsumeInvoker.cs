using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// Calls the handler: at most <c>concurrency</c> calls at once (<see cref="int.MaxValue"/>: no limit), exceptions
/// turned into failure, with the process span (a child of the producer's trace) and the await and process time metrics.
/// </summary>
internal sealed partial class ConsumeInvoker(
    MessageHandler handler,
    int concurrency,
    string clientId,
    string consumerGroup,
    ILogger logger,
    CancellationToken stopping)
{
    private readonly SemaphoreSlim? _slots = concurrency == int.MaxValue ? null : new(concurrency, concurrency);

    public CancellationToken Stopping { get; } = stopping;

    /// <summary>Consumes <paramref name="message"/> after <paramref name="delay"/>; cancelled when the consumer stops.</summary>
    public async Task<ConsumeResult> InvokeAsync(MessageView message, TimeSpan delay)
    {
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, Stopping).ConfigureAwait(false);
        }

        if (_slots is not null)
        {
            await _slots.WaitAsync(Stopping).ConfigureAwait(false);
        }

        try
        {
            RocketMQMetrics.RecordAwaitTime(message.Topic, clientId, consumerGroup, message.DecodedAt);
            using var activity = RocketMQActivities.StartProcess(message, clientId, consumerGroup);
            var started = Stopwatch.GetTimestamp();
            ConsumeResult result;
            try
            {
                result = await handler(message, Stopping).ConfigureAwait(false) ?? ConsumeResult.Failure;
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
                throw;
            }
            catch (Exception e)
            {
                Log.HandlerFailed(logger, clientId, message.MessageId, message.Topic, e);
                RocketMQActivities.SetError(activity, e);
                result = ConsumeResult.Failure;
            }

            var success = result.Kind == ConsumeResultKind.Success;
            RocketMQMetrics.RecordProcessTime(message.Topic, clientId, consumerGroup, success, Stopwatch.GetElapsedTime(started));
            activity?.SetTag("messaging.rocketmq.consume_result", result.Kind.ToString().ToLowerInvariant());
            if (!success && activity?.Status == ActivityStatusCode.Unset)
            {
                activity.SetStatus(ActivityStatusCode.Error, result.ToString());
            }

            return result;
        }
        finally
        {
            _slots?.Release();
        }
    }
}
