namespace VoiceAgent.Processor.Turns;

/// <summary>What to do with a sentence of the answer.</summary>
internal enum SentenceStep
{
    /// <summary>Speak it (or, for text answers, it was published).</summary>
    Speak,

    /// <summary>It was entirely published before a takeover: skip it.</summary>
    Skip,

    /// <summary>It differs from what was published before a takeover: the answer cannot be continued.</summary>
    Diverged,
}
