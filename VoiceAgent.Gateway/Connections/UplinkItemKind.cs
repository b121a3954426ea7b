namespace VoiceAgent.Gateway.Connections;

/// <summary>What an uplink item carries.</summary>
internal enum UplinkItemKind
{
    Audio,
    Event,
    Control,
}
