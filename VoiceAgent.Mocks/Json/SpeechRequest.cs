using System.Text.Json;

namespace VoiceAgent.Mocks.Json;

/// <summary>An OpenAI speech request; <c>instructions</c> and unknown fields are ignored.</summary>
internal sealed class SpeechRequest
{
    public string? Model { get; init; }

    public string? Input { get; init; }

    /// <summary>A voice name, or an object with an <c>id</c>.</summary>
    public JsonElement? Voice { get; init; }

    public string? ResponseFormat { get; init; }

    public double? Speed { get; init; }

    public string? StreamFormat { get; init; }
}
