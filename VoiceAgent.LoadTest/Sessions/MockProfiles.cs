namespace VoiceAgent.LoadTest.Sessions;

/// <summary>The mock models' latency profiles, as the environment of the <c>mocks</c> resource.</summary>
internal static class MockProfiles
{
    public const string Zero = "zero";
    public const string Realistic = "realistic";

    /// <summary>
    /// <c>zero</c>: no model latency, so a turn's latency is the link's own; <c>realistic</c>: the profile the
    /// mocks' README gives for turn-latency measurements (ASR 300 ms, LLM 400 ms to the first token then 40
    /// tokens/s, TTS 200 ms to the first byte at 0.3 real-time factor).
    /// </summary>
    public static IReadOnlyDictionary<string, string> Environment(string profile) => profile switch
    {
        Zero => new Dictionary<string, string>
        {
            ["Mocks__Asr__LatencyMs"] = "0",
            ["Mocks__Llm__TimeToFirstTokenMs"] = "0",
            ["Mocks__Llm__TokensPerSecond"] = "0",
            ["Mocks__Tts__TimeToFirstByteMs"] = "0",
            ["Mocks__Tts__RealTimeFactor"] = "0",
        },
        Realistic => new Dictionary<string, string>
        {
            ["Mocks__Asr__LatencyMs"] = "300",
            ["Mocks__Llm__TimeToFirstTokenMs"] = "400",
            ["Mocks__Llm__TokensPerSecond"] = "40",
            ["Mocks__Tts__TimeToFirstByteMs"] = "200",
            ["Mocks__Tts__RealTimeFactor"] = "0.3",
        },
        _ => throw new ArgumentException($"Unknown mock profile '{profile}': use {Zero} or {Realistic}.", nameof(profile)),
    };
}
