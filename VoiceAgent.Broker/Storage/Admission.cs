namespace VoiceAgent.Broker.Storage;

/// <summary>How an append treats the byte limits.</summary>
internal enum Admission
{
    /// <summary>Refused when a limit would be passed.</summary>
    Checked,

    /// <summary>The bytes were reserved beforehand.</summary>
    Reserved,

    /// <summary>Stored and counted regardless of the limits.</summary>
    Forced,
}
