using VoiceAgent.Broker.Clients;
using VoiceAgent.Broker.Storage;

namespace VoiceAgent.Broker.Consumption;

/// <summary>How auto-renew treats a delivery whose invisible time passes.</summary>
/// <param name="RenewMs">The extension per renewal.</param>
/// <param name="MaxRenewMs">How long after delivery renewals stop.</param>
/// <param name="MayRenew">Whether the owner still wants the message (alive, and for lite topics still subscribed).</param>
internal readonly record struct RenewalPolicy(long RenewMs, long MaxRenewMs, Func<ClientSession?, BrokerQueue, bool> MayRenew);
