using VoiceAgent.Broker.Clients;

namespace VoiceAgent.Broker.Consumption;

/// <summary>How a pop hands out messages: to whom, for how long, at what time, and which tags it takes.</summary>
internal readonly record struct DeliveryOptions(
    ClientSession? Owner,
    long InvisibleMs,
    bool AutoRenew,
    long NowMs,
    DeliveryTokenSource Tokens,
    TagFilter Filter);
