using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Json;

namespace VoiceAgent.Gateway.Connections;

/// <summary>A client event on its way to the uplink: its body (pooled; the pump disposes it) and what it is.</summary>
internal sealed record UplinkItem(UplinkItemKind Kind, PooledBufferWriter Body, AudioFormat Format = default, string? EventType = null);
