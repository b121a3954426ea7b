namespace VoiceAgent.Mocks.Asr;

/// <summary>What the mock recognizer heard: the text, the audio's length and one segment per stretch of speech.</summary>
internal sealed record Transcript(string Text, TimeSpan Duration, IReadOnlyList<TranscriptSegment> Segments);

/// <summary>One stretch of speech between pauses, and the sentence it became.</summary>
internal sealed record TranscriptSegment(int Id, TimeSpan Start, TimeSpan End, string Text);
