using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VoiceAgent.Gateway.Connections;
using VoiceAgent.Realtime.Link;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Gateway.Link;

/// <summary>
/// The gateway's two broker clients: one producer (uplink, and the gateway's own downlink events) and one
/// LitePushConsumer of group <c>voice-gateway</c> bound to <c>voice-downlink</c>, whose messages go to the
/// connection holding their lite topic. Started in the background with retries; ready once both run.
/// </summary>
internal sealed partial class GatewayLink(
    RocketMQClient client,
    ConnectionRegistry registry,
    ILogger<GatewayLink> logger) : IHostedService, IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _stopping = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _starting = Task.CompletedTask;
    private Producer? _producer;
    private LitePushConsumer? _consumer;
    private int _disposed;

    /// <summary>Whether the producer and the consumer are started.</summary>
    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    /// <summary>Completes when the link is ready.</summary>
    public Task Ready => _ready.Task;

    public Producer Producer => _producer ?? throw new InvalidOperationException("The broker link is not ready.");

    public LitePushConsumer Consumer => _consumer ?? throw new InvalidOperationException("The broker link is not ready.");

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _starting = Task.Run(() => ConnectAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _starting.WaitAsync(cancellationToken).ConfigureAwait(false);
        await DisposeClientsAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await _starting.ConfigureAwait(false);
        await DisposeClientsAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        var attempt = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            attempt++;
            try
            {
                _producer ??= await client.CreateProducerAsync(
                    new ProducerOptions { Topics = [VoiceLink.UplinkTopic, VoiceLink.DownlinkTopic] },
                    cancellationToken).ConfigureAwait(false);
                _consumer ??= await client.CreateLitePushConsumerAsync(
                    new LitePushConsumerOptions
                    {
                        ConsumerGroup = VoiceLink.GatewayGroup,
                        BindTopic = VoiceLink.DownlinkTopic,
                        LiteTopicRevoked = registry.OnLiteTopicRevokedAsync,
                    },
                    registry.DeliverAsync,
                    cancellationToken).ConfigureAwait(false);
                _ready.TrySetResult();
                Log.Ready(logger, _producer.ClientId, _consumer.ClientId);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Log.ConnectFailed(logger, attempt, e);
            }

            try
            {
                await Task.Delay(RetryDelay, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task DisposeClientsAsync()
    {
        if (Interlocked.Exchange(ref _consumer, null) is { } consumer)
        {
            await consumer.DisposeAsync().ConfigureAwait(false);
        }

        if (Interlocked.Exchange(ref _producer, null) is { } producer)
        {
            await producer.DisposeAsync().ConfigureAwait(false);
        }
    }
}
