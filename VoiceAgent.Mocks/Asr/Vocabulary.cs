namespace VoiceAgent.Mocks.Asr;

/// <summary>The words the mock recognizer can "hear".</summary>
internal static class Vocabulary
{
    public static readonly string[] Words =
    [
        "hello", "weather", "today", "please", "tomorrow", "music", "coffee", "meeting",
        "train", "window", "morning", "evening", "garden", "yellow", "river", "market",
        "number", "simple", "question", "answer", "kitchen", "station", "ticket", "city",
        "orange", "table", "paper", "letter", "minute", "planet", "silver", "button",
        "forest", "pocket", "dinner", "travel", "garage", "sunday", "monday", "seven",
        "twelve", "doctor", "office", "camera", "library", "bridge", "winter", "summer",
        "mountain", "airport", "reserve", "schedule", "remind", "open", "close", "light",
        "quiet", "green", "blue", "north", "south", "quick", "slow", "happy",
    ];
}
