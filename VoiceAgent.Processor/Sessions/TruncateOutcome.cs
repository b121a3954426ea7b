namespace VoiceAgent.Processor.Sessions;

/// <summary>What <c>conversation.item.truncate</c> did.</summary>
internal enum TruncateOutcome
{
    /// <summary>The item's text was cut (or already was no longer).</summary>
    Truncated,

    /// <summary>The item is the answer still being finished: the cut applies when it reaches the history.</summary>
    Deferred,

    /// <summary>No assistant item with that id.</summary>
    NotFound,
}
