using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Turns;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Processor.Uplink;

/// <summary>
/// Connects the processor to the broker: starts the downlink producer, then the uplink consumer (a FIFO push
/// consumer: one session's messages strictly in order, sessions in parallel), retrying until the broker answers. At
/// shutdown it stops consuming first (letting running handlers finish), then stops the turns (which hand their
/// leases off), then the producer.
/// </summary>
internal sealed partial class UplinkService(
    RocketMQClient client,
    DownlinkPublisher publisher,
    UplinkHandler handler,
    TurnScheduler scheduler,
    ProcessorReadiness readiness,
    ProcessorOptions options,
    TimeProvider time,
    ILogger<UplinkService> logger) : BackgroundService
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private Producer? _producer;
    private PushConsumer? _consumer;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        readiness.Ready = false;
        if (_consumer is not null)
        {
            await _consumer.DisposeAsync().ConfigureAwait(false);
        }

        await scheduler.StopAsync(cancellationToken).ConfigureAwait(false);
        if (_producer is not null)
        {
            await _producer.DisposeAsync().ConfigureAwait(false);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _producer = await RetryAsync(
            "downlink producer",
            token => client.CreateProducerAsync(new ProducerOptions { Topics = [options.DownlinkTopic] }, token),
            stoppingToken).ConfigureAwait(false);
        if (_producer is null)
        {
            return;
        }

        publisher.Producer = _producer;
        _consumer = await RetryAsync(
            "uplink consumer",
            token => client.CreatePushConsumerAsync(
                new PushConsumerOptions
                {
                    ConsumerGroup = options.ConsumerGroup,
                    Subscriptions = { [options.UplinkTopic] = FilterExpression.All },
                    ConsumptionConcurrency = options.ConsumptionConcurrency,
                    EnableFifoConsumeAccelerator = true,
                },
                handler.HandleAsync,
                token),
            stoppingToken).ConfigureAwait(false);
        if (_consumer is not null)
        {
            readiness.Ready = true;
            Log.Started(logger, options.UplinkTopic, options.ConsumerGroup, scheduler.Owner);
        }
    }

    private async Task<T?> RetryAsync<T>(string what, Func<CancellationToken, Task<T>> start, CancellationToken stoppingToken)
        where T : class
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                return await start(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                Log.StartFailed(logger, what, e);
                await Task.Delay(RetryDelay, time, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return null;
    }
}
