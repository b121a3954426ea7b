namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// How far a response has been published, saved as it goes so that a processor that takes over a turn skips what
/// was already sent and can tell whether its regenerated answer still matches.
/// </summary>
/// <param name="Published">Events with an index below this have been published.</param>
/// <param name="Text">The transcript (or text) published so far.</param>
/// <param name="Sentences">Sentences whose events have all been published.</param>
/// <param name="SentencesIndex">The event index just after those sentences' events.</param>
/// <param name="AudioMs">Output audio published so far, in ms.</param>
/// <param name="Segments">Per published sentence: where its audio starts and where its text ends.</param>
internal sealed record ResponseProgress(
    int Published,
    string Text,
    int Sentences,
    int SentencesIndex,
    double AudioMs,
    IReadOnlyList<SpokenSegment> Segments)
{
    public static readonly ResponseProgress None = new(0, "", 0, 0, 0, []);
}
