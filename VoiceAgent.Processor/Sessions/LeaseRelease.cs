namespace VoiceAgent.Processor.Sessions;

/// <summary>What releasing a turn lease found.</summary>
internal enum LeaseRelease
{
    /// <summary>No job left; the lease is free.</summary>
    Released,

    /// <summary>A job was queued meanwhile; the lease is still held.</summary>
    MoreWork,

    /// <summary>Another processor holds the lease.</summary>
    Lost,
}
