using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Gateway.Connections;

/// <summary>How a connection starts: a new session with its initial configuration, or a resume after <see cref="LastSeq"/>.</summary>
internal sealed record SessionStart(bool IsResume, long LastSeq, SessionConfig Config);
