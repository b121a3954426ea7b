namespace VoiceAgent.Mocks.Tts;

/// <summary>Maps OpenAI voice names onto espeak-ng voices and variants; unknown names speak American English.</summary>
internal static class EspeakVoices
{
    private const string Default = "en-us";

    private static readonly Dictionary<string, string> ByOpenAIName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["alloy"] = "en-us",
        ["ash"] = "en-us+m3",
        ["ballad"] = "en-gb+m2",
        ["coral"] = "en-us+f2",
        ["echo"] = "en-us+m1",
        ["fable"] = "en-gb",
        ["onyx"] = "en-us+m7",
        ["nova"] = "en-us+f3",
        ["sage"] = "en-us+f4",
        ["shimmer"] = "en-us+f1",
        ["verse"] = "en-us+m2",
        ["marin"] = "en-us+f5",
        ["cedar"] = "en-us+m4",
    };

    public static string For(string openAIVoice) => ByOpenAIName.GetValueOrDefault(openAIVoice, Default);
}
