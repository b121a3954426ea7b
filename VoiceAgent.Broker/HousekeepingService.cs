using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace VoiceAgent.Broker;

/// <summary>Runs the broker's periodic chores, each on its own period, until the host stops.</summary>
internal sealed partial class HousekeepingService(BrokerCore core, ILogger<HousekeepingService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(
            RunEvery(core.Housekeeping.LiteReaperInterval, () => core.Housekeeping.ExpireIdleLiteTopics(), "lite topic expiry", stoppingToken),
            RunEvery(core.Housekeeping.ClientSweepInterval, () => core.Housekeeping.DropSilentClients(), "client timeout", stoppingToken),
            RunEvery(core.Housekeeping.RetainSweepInterval, () => core.Housekeeping.ExpireRetained(), "replay window", stoppingToken),
            RunEvery(TimeSpan.FromSeconds(30), core.Housekeeping.EnforceRetention, "retention", stoppingToken),
            RunEvery(core.Options.AlertInterval, core.Alerts.Evaluate, "backlog alerts", stoppingToken));

    private async Task RunEvery(TimeSpan period, Action chore, string name, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(period, core.Time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    chore();
                }
                catch (Exception exception)
                {
                    Log.ChoreFailed(logger, exception, name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(5101, LogLevel.Error, "The broker's {Chore} chore failed")]
        public static partial void ChoreFailed(ILogger logger, Exception exception, string chore);
    }
}
