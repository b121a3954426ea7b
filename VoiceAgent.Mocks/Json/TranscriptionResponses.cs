namespace VoiceAgent.Mocks.Json;

/// <summary>The <c>json</c> response of a transcription.</summary>
internal sealed class TranscriptionResponse
{
    public required string Text { get; init; }
}

/// <summary>The <c>verbose_json</c> response of a transcription.</summary>
internal sealed class VerboseTranscriptionResponse
{
    public string Task => "transcribe";

    public required string Language { get; init; }

    public required double Duration { get; init; }

    public required string Text { get; init; }

    public required VerboseSegment[] Segments { get; init; }
}

/// <summary>A segment of a <c>verbose_json</c> transcription; times in seconds.</summary>
internal sealed class VerboseSegment
{
    public int Id { get; init; }

    public double Start { get; init; }

    public double End { get; init; }

    public required string Text { get; init; }
}
