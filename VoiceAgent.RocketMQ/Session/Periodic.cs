namespace VoiceAgent.RocketMQ;

/// <summary>Runs a background task every period until a token is cancelled; failures are reported, not thrown.</summary>
internal static class Periodic
{
    public static Task RunAsync(TimeSpan period, Func<CancellationToken, Task> action, bool runFirst, Action<Exception> onError, CancellationToken cancellationToken)
    {
        return Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(period);
            try
            {
                if (runFirst)
                {
                    await RunOnceAsync(action, onError, cancellationToken).ConfigureAwait(false);
                }

                while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
                {
                    await RunOnceAsync(action, onError, cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
            }
        });
    }

    private static async Task RunOnceAsync(Func<CancellationToken, Task> action, Action<Exception> onError, CancellationToken cancellationToken)
    {
        try
        {
            await action(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            onError(e);
        }
    }
}
