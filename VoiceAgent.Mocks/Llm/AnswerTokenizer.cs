namespace VoiceAgent.Mocks.Llm;

/// <summary>
/// Cuts an answer into tokens the way a language model streams them: a word with its leading space, and
/// punctuation as tokens of their own. The tokens concatenate back to the answer exactly.
/// </summary>
internal static class AnswerTokenizer
{
    public static List<string> Split(string answer)
    {
        var tokens = new List<string>();
        var start = 0;
        var i = 0;
        while (i < answer.Length)
        {
            // Leading spaces belong to the word that follows them.
            while (i < answer.Length && answer[i] == ' ')
            {
                i++;
            }

            while (i < answer.Length && answer[i] != ' ' && !IsPunctuation(answer[i]))
            {
                i++;
            }

            if (i == start)
            {
                i++; // a punctuation mark of its own
            }

            tokens.Add(answer[start..i]);
            start = i;
        }

        return tokens;
    }

    /// <summary>Approximates how many tokens a prompt holds: words and punctuation marks.</summary>
    public static int Count(string text)
    {
        var count = 0;
        var inWord = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                inWord = false;
            }
            else if (IsPunctuation(c))
            {
                count++;
                inWord = false;
            }
            else if (!inWord)
            {
                count++;
                inWord = true;
            }
        }

        return count;
    }

    private static bool IsPunctuation(char c) => c is '.' or ',' or '!' or '?' or ':' or ';';
}
