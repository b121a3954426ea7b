using VoiceAgent.Broker.Clients;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Broker.Grpc;

internal sealed partial class MessagingServiceHandler
{
    private Task<HeartbeatResponse> Heartbeat(HeartbeatRequest request, ServerCallContext context)
    {
        var outcome = Identify(context, out var client);
        if (outcome.IsOk)
        {
            outcome = _core.Lifecycle.Heartbeat(client, request);
        }

        return Task.FromResult(new HeartbeatResponse { Status = outcome.ToStatus() });
    }

    private Task<NotifyClientTerminationResponse> NotifyClientTermination(NotifyClientTerminationRequest request, ServerCallContext context)
    {
        var outcome = Identify(context, out var client);
        if (outcome.IsOk)
        {
            _core.Lifecycle.Terminate(client);
        }

        return Task.FromResult(new NotifyClientTerminationResponse { Status = outcome.ToStatus() });
    }

    private Task<SyncLiteSubscriptionResponse> SyncLiteSubscription(SyncLiteSubscriptionRequest request, ServerCallContext context)
    {
        var outcome = Identify(context, out var client);
        if (outcome.IsOk)
        {
            outcome = _core.LiteSubscriptions.Sync(client, request);
        }

        return Task.FromResult(new SyncLiteSubscriptionResponse { Status = outcome.ToStatus() });
    }

    /// <summary>
    /// The client session: settings in, effective settings out, and server commands (lite unsubscribe notices)
    /// pushed whenever they arise. Closing the stream drops the client's lite subscriptions, as the proxy does.
    /// </summary>
    private async Task Telemetry(IAsyncStreamReader<TelemetryCommand> requests, IServerStreamWriter<TelemetryCommand> responses, ServerCallContext context)
    {
        var outcome = Identify(context, out var client);
        if (!outcome.IsOk)
        {
            await responses.WriteAsync(new TelemetryCommand { Status = outcome.ToStatus() }, context.CancellationToken).ConfigureAwait(false);
            return;
        }

        var outlet = new TelemetryOutlet();
        client.Telemetry = outlet;
        var pump = PumpAsync(outlet, responses, context.CancellationToken);
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _core.Stopping);
        RpcException? failure = null;
        try
        {
            while (await requests.MoveNext(reading.Token).ConfigureAwait(false))
            {
                if (requests.Current.CommandCase == TelemetryCommand.CommandOneofCase.Settings)
                {
                    // The client may have timed out and come back as a new session meanwhile.
                    if (!client.IsAlive && Identify(context, out var revived).IsOk)
                    {
                        client = revived;
                        client.Telemetry = outlet;
                    }

                    outlet.TryPush(_core.Lifecycle.OnSettings(client, requests.Current.Settings));
                }
            }
        }
        catch (RpcException exception) when (!context.CancellationToken.IsCancellationRequested)
        {
            // A frame too large or not decodable: the client learns why from the status instead of seeing a clean end.
            failure = exception;
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or RpcException or InvalidOperationException)
        {
            // The client went away without closing the stream.
        }
        finally
        {
            Log.TelemetryEnded(_logger, client.ClientId);
            _core.Lifecycle.OnTelemetryClosed(client, outlet);
        }

        await pump.ConfigureAwait(false);
        if (failure is not null)
        {
            throw new RpcException(failure.Status);
        }
    }

    private static async Task PumpAsync(TelemetryOutlet outlet, IServerStreamWriter<TelemetryCommand> responses, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var command in outlet.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await responses.WriteAsync(command, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or RpcException or InvalidOperationException)
        {
            // The stream is gone; the reader loop notices too.
        }
    }
}
