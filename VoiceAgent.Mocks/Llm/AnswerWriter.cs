using System.Text;
using VoiceAgent.Mocks.Faults;

namespace VoiceAgent.Mocks.Llm;

/// <summary>
/// Writes the mock's answer, deterministic from the last user message and the conversation's length: it repeats
/// what the user said, counts the turn, then adds sentences picked by hashing both, so each sentence can be cut
/// out and spoken on its own.
/// </summary>
internal static class AnswerWriter
{
    private const int MaxEchoedWords = 16;

    private static readonly string[] Sentences =
    [
        "Let me think about that for a moment.",
        "Here is what I can tell you right now.",
        "That sounds like a good plan, and I can help with it.",
        "Would you like me to go into more detail?",
        "The short answer is yes, with a few conditions.",
        "I can set that up for you in a minute.",
        "There are three things worth checking first.",
        "Most people find the second option easier.",
        "Let me know if anything is unclear!",
        "I will keep that in mind for later.",
        "It depends a little on the time of day.",
        "One more thing: the details may change tomorrow.",
        "That is a common question, and a fair one.",
        "I can also send you a summary afterwards.",
        "Shall we continue with the next step?",
        "Everything is ready on my side.",
    ];

    /// <param name="lastUserText">What the user said last (the transcript), or empty.</param>
    /// <param name="userTurns">How many user messages the conversation has.</param>
    /// <param name="messageCount">How many messages of any role it has.</param>
    /// <param name="sentenceCount">How many sentences to write (at least 1).</param>
    public static string Compose(string lastUserText, int userTurns, int messageCount, int sentenceCount)
    {
        var said = Echo(lastUserText);
        var answer = new StringBuilder();
        answer.Append(said.Length == 0 ? "I did not catch that." : $"You said {said}.");
        if (sentenceCount >= 2)
        {
            answer.Append($" This is turn {userTurns} of our conversation.");
        }

        var seed = StableHash.Combine(StableHash.Of(said), (ulong)messageCount);
        for (var i = 2; i < sentenceCount; i++)
        {
            var pick = StableHash.Combine(seed, (ulong)i) % (ulong)Sentences.Length;
            answer.Append(' ').Append(Sentences[pick]);
        }

        return answer.ToString();
    }

    /// <summary>The user's words, at most <see cref="MaxEchoedWords"/>, without the final punctuation.</summary>
    private static string Echo(string text)
    {
        var words = text.Split((char[]?)null, MaxEchoedWords + 1, StringSplitOptions.RemoveEmptyEntries);
        var echoed = string.Join(' ', words.Take(MaxEchoedWords));
        return echoed.TrimEnd('.', '!', '?', ',', ';', ':', ' ');
    }
}
