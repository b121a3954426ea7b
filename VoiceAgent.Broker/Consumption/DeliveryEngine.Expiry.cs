using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Lite;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Consumption;

// Expiry: what happens when a delivery's invisible time passes (auto-renew, redelivery, or the dead-letter queue).
internal sealed partial class DeliveryEngine
{
    private void OnExpired(List<Expiry> due)
    {
        var now = NowMs;
        foreach (var expiry in due)
        {
            try
            {
                var state = expiry.State;
                ExpiryOutcome outcome;
                StoredMessage? deadLetter;
                long renewedUntil;
                lock (state.Queue.Gate)
                {
                    outcome = state.Expire(expiry.Offset, expiry.Token, now, _renewal, out deadLetter, out renewedUntil);
                    if (outcome == ExpiryOutcome.DeadLetter)
                    {
                        _topics.FreeSettled(state.Queue, expiry.Offset);
                        _topics.TrimSettled(state.Queue);
                    }
                }

                switch (outcome)
                {
                    case ExpiryOutcome.Renewed:
                        _expiries.Schedule(expiry, renewedUntil);
                        break;
                    case ExpiryOutcome.Redeliver:
                        NotifyDeliverable(state);
                        break;
                    case ExpiryOutcome.DeadLetter:
                        WriteDeadLetter(deadLetter!, state.Group, state.Queue);
                        NotifyDeliverable(state);
                        break;
                }
            }
            catch (Exception exception)
            {
                Log.ExpiryFailed(_logger, exception, expiry.State.Queue.DisplayName);
            }
        }
    }

    private static bool MayRenew(ClientSession? owner, BrokerQueue queue)
    {
        if (owner is null || !owner.IsAlive)
        {
            return false;
        }

        return queue.LiteTopic is null || (owner.Group is not null && LiteSubscriptionRegistry.IsSubscribed(owner, queue.LiteTopic));
    }

    private readonly record struct Expiry(QueueConsumerState State, long Offset, long Token);
}
