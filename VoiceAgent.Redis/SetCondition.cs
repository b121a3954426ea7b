namespace VoiceAgent.Redis;

/// <summary>When SET stores its value.</summary>
public enum SetCondition
{
    /// <summary>Always.</summary>
    Always,

    /// <summary>Only when the key does not exist yet (NX): the building block of leases and locks.</summary>
    IfNotExists,

    /// <summary>Only when the key already exists (XX).</summary>
    IfExists,
}
