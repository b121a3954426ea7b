namespace VoiceAgent.Realtime.Responses;

/// <summary>A content part: <c>output_audio</c> with its <c>transcript</c>, or <c>output_text</c> with its <c>text</c>.</summary>
public sealed record ResponseContentPart
{
    public const string OutputAudio = "output_audio";
    public const string OutputText = "output_text";

    public string Type { get; init; } = OutputAudio;

    public string? Text { get; init; }

    public string? Transcript { get; init; }

    public static ResponseContentPart Audio(string transcript) => new() { Type = OutputAudio, Transcript = transcript };

    public static ResponseContentPart TextPart(string text) => new() { Type = OutputText, Text = text };
}
