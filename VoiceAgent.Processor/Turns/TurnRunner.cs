using Microsoft.Extensions.Logging;
using VoiceAgent.Processor.Sessions;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Works through one session's jobs in order while holding its turn lease, renewing the lease every
/// <see cref="ProcessorOptions.LeaseRenewInterval"/>. Returns when no job is left (the lease released), when the
/// lease is lost (another processor took over) or when the processor stops (the lease handed off, so that another
/// processor continues at once).
/// </summary>
internal sealed partial class TurnRunner(
    ISessionStore store,
    TranscriptionTurn transcription,
    ResponseTurn response,
    ProcessorOptions options,
    TimeProvider time,
    ILogger<TurnRunner> logger)
{
    private const int MaxAttemptsPerJob = 3;

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(500);

    public async Task RunAsync(string sessionId, string owner, CancellationToken stopping)
    {
        using var leaseLost = new CancellationTokenSource();
        using var working = CancellationTokenSource.CreateLinkedTokenSource(stopping, leaseLost.Token);
        using var renewStop = new CancellationTokenSource();
        var renewing = RenewAsync(sessionId, owner, leaseLost, renewStop.Token);
        string? failingJob = null;
        var failures = 0;
        try
        {
            while (!working.IsCancellationRequested)
            {
                string? job = null;
                try
                {
                    job = await store.PeekJobAsync(sessionId, working.Token).ConfigureAwait(false);
                    if (job is null)
                    {
                        if (await store.ReleaseAsync(sessionId, owner, working.Token).ConfigureAwait(false) == LeaseRelease.MoreWork)
                        {
                            continue;
                        }

                        return;
                    }

                    await ExecuteAsync(new TurnContext(sessionId, owner, job), working.Token).ConfigureAwait(false);
                }
                catch (Exception) when (working.IsCancellationRequested)
                {
                    break;
                }
                catch (Exception e)
                {
                    failures = job is not null && job == failingJob ? failures + 1 : 1;
                    failingJob = job;
                    Log.JobFailed(logger, sessionId, failures, e);
                    if (job is not null && failures >= MaxAttemptsPerJob)
                    {
                        await GiveUpAsync(new TurnContext(sessionId, owner, job), working.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                    }

                    await Task.Delay(RetryDelay, time, working.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                }
            }
        }
        finally
        {
            await renewStop.CancelAsync().ConfigureAwait(false);
            await renewing.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stopping.IsCancellationRequested && !leaseLost.IsCancellationRequested)
            {
                try
                {
                    await store.HandOffAsync(sessionId, owner, CancellationToken.None).ConfigureAwait(false);
                }
                catch (Exception e)
                {
                    Log.HandOffFailed(logger, sessionId, e);
                }
            }

            if (leaseLost.IsCancellationRequested)
            {
                Log.LeaseLost(logger, sessionId);
            }
        }
    }

    private Task ExecuteAsync(TurnContext context, CancellationToken cancellationToken)
    {
        var job = StoredJson.ReadJob(context.Job);
        return job.Kind == TurnJob.TranscribeKind
            ? transcription.RunAsync(context, job, cancellationToken)
            : response.RunAsync(context, job, cancellationToken);
    }

    /// <summary>A job that keeps failing (not the provider: the store or the broker) is dropped, its response failed.</summary>
    private async Task GiveUpAsync(TurnContext context, CancellationToken cancellationToken)
    {
        Log.GivingUp(logger, context.SessionId);
        var job = StoredJson.ReadJob(context.Job);
        if (job.Kind == TurnJob.RespondKind)
        {
            await store.FinishResponseAsync(context.SessionId, job.ResponseId!, ResponseStatus.Failed, null, "internal_error", "The response could not be produced.", cancellationToken)
                .ConfigureAwait(false);
        }

        await store.CompleteJobAsync(context.SessionId, context.Owner, context.Job, null, job.AudioKey, job.ResponseId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Renews the lease; cancels <paramref name="leaseLost"/> when it is gone or could not be renewed in time.</summary>
    private async Task RenewAsync(string sessionId, string owner, CancellationTokenSource leaseLost, CancellationToken stop)
    {
        var lastRenewed = time.GetTimestamp();
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(options.LeaseRenewInterval, time, stop).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            if (stop.IsCancellationRequested)
            {
                return;
            }

            bool held;
            try
            {
                held = await store.RenewAsync(sessionId, owner, stop).ConfigureAwait(false);
                lastRenewed = time.GetTimestamp();
            }
            catch (Exception e) when (!stop.IsCancellationRequested)
            {
                Log.RenewFailed(logger, sessionId, e);

                // Without a renewal for a whole lease, another processor may already have taken over.
                held = time.GetElapsedTime(lastRenewed) < options.LeaseDuration;
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                return;
            }

            if (!held)
            {
                await leaseLost.CancelAsync().ConfigureAwait(false);
                return;
            }
        }
    }
}
