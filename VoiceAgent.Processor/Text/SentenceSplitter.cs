using System.Text;

namespace VoiceAgent.Processor.Text;

/// <summary>
/// Cuts streamed LLM text into sentences for TTS as soon as each one is complete. A sentence ends at <c>. ! ?</c>
/// (with closing quotes or brackets) followed by white space, at CJK full stops <c>。！？</c>, or at a line break;
/// "Mr." and the like, and "3.5", do not end one. A sentence that grows past <see cref="MaxChars"/> is cut at its
/// last comma or space. The cuts depend only on the text, never on how it was chunked, so the same answer always
/// gives the same sentences. Each sentence keeps its leading white space, so the sentences concatenated are the text.
/// </summary>
internal sealed class SentenceSplitter(int maxChars = 250)
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.OrdinalIgnoreCase)
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "vs", "etc", "e.g", "i.e", "no", "fig", "approx", "inc", "ltd", "co",
    };

    private readonly StringBuilder _pending = new();

    /// <summary>Where the text examined so far ends; a boundary candidate waits for the next character.</summary>
    private int _scanned;

    public int MaxChars { get; } = maxChars;

    /// <summary>Adds streamed text; returns the sentences it completed (often none).</summary>
    public IReadOnlyList<string> Append(string text)
    {
        _pending.Append(text);
        List<string>? sentences = null;
        while (NextCut() is { } cut)
        {
            (sentences ??= []).Add(Take(cut));
        }

        return sentences ?? (IReadOnlyList<string>)[];
    }

    /// <summary>The rest of the text as a last sentence (null when only white space is left).</summary>
    public string? Flush()
    {
        if (_pending.Length == 0)
        {
            return null;
        }

        var rest = Take(_pending.Length);
        return string.IsNullOrWhiteSpace(rest) ? null : rest;
    }

    private string Take(int length)
    {
        var sentence = _pending.ToString(0, length);
        _pending.Remove(0, length);
        _scanned = 0;
        return sentence;
    }

    /// <summary>The length of the first complete sentence in the pending text, or null.</summary>
    private int? NextCut()
    {
        var start = FirstNonWhiteSpace();
        for (var i = Math.Max(_scanned, start); i < _pending.Length; i++)
        {
            var c = _pending[i];
            if (c is '\n' && i > start)
            {
                return i + 1;
            }

            if (c is '。' or '！' or '？')
            {
                return ExtendOverClosers(i + 1);
            }

            if (c is '.' or '!' or '?')
            {
                var end = ExtendOverClosers(i + 1);
                if (end >= _pending.Length)
                {
                    // Whether this ends the sentence depends on the next character: wait for it.
                    _scanned = i;
                    return null;
                }

                if (char.IsWhiteSpace(_pending[end]) && !(c == '.' && IsAbbreviation(start, i)))
                {
                    return end;
                }
            }

            if (i - start + 1 >= MaxChars)
            {
                return SoftCut(start, i + 1);
            }
        }

        _scanned = _pending.Length;
        return null;
    }

    private int FirstNonWhiteSpace()
    {
        var i = 0;
        while (i < _pending.Length && char.IsWhiteSpace(_pending[i]))
        {
            i++;
        }

        return i;
    }

    private int ExtendOverClosers(int end)
    {
        while (end < _pending.Length && _pending[end] is '"' or '\'' or ')' or ']' or '”' or '’' or '」' or '』' or '）')
        {
            end++;
        }

        return end;
    }

    private bool IsAbbreviation(int sentenceStart, int period)
    {
        var wordStart = period;
        while (wordStart > sentenceStart && !char.IsWhiteSpace(_pending[wordStart - 1]))
        {
            wordStart--;
        }

        var word = _pending.ToString(wordStart, period - wordStart).TrimStart('(', '"', '\'');
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            // An initial, as in "J. Smith".
            return true;
        }

        return Abbreviations.Contains(word);
    }

    /// <summary>A cut for an over-long sentence: after its last comma-like mark, else its last space, else here.</summary>
    private int SoftCut(int start, int end)
    {
        for (var i = end - 1; i > start; i--)
        {
            if (_pending[i] is ',' or ';' or ':' or '，' or '；' or '：' && i + 1 < end)
            {
                return i + 1;
            }
        }

        for (var i = end - 1; i > start; i--)
        {
            if (char.IsWhiteSpace(_pending[i]))
            {
                return i;
            }
        }

        return end;
    }
}
