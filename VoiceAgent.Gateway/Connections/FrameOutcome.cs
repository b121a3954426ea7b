namespace VoiceAgent.Gateway.Connections;

/// <summary>What became of a frame handed to a connection's writer.</summary>
internal enum FrameOutcome
{
    /// <summary>Written to the socket: the downlink message may be acknowledged.</summary>
    Written,

    /// <summary>Deliberately not sent (a delta of a cancelled response): acknowledged too.</summary>
    Dropped,

    /// <summary>The connection closed first: the message goes back to the broker for the next connection.</summary>
    NotWritten,
}
