namespace VoiceAgent.Mocks.Options;

/// <summary>
/// Knobs of the mock models, bound from the <c>Mocks</c> configuration section. Every knob can also be
/// overridden for a single request with an <c>x-mock-*</c> header (see <see cref="MockHeaders"/>).
/// </summary>
public sealed class MockOptions
{
    public const string SectionName = "Mocks";

    /// <summary>When set, requests must carry <c>Authorization: Bearer {ApiKey}</c>; otherwise any key (or none) is accepted.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Seed of the deterministic draws that decide injected errors and stalls.</summary>
    public int Seed { get; set; }

    public AsrOptions Asr { get; set; } = new();

    public LlmOptions Llm { get; set; } = new();

    public TtsOptions Tts { get; set; } = new();
}
