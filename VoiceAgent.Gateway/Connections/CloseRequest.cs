using VoiceAgent.Realtime.Json;

namespace VoiceAgent.Gateway.Connections;

/// <summary>How a connection ends: the close code and reason, and an event (without seq) sent just before.</summary>
internal sealed record CloseRequest(int Code, string Reason, PooledBufferWriter? FinalEvent = null);
