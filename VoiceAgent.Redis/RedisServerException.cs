namespace VoiceAgent.Redis;

/// <summary>The server answered a command with an error reply, such as <c>WRONGTYPE ...</c> or <c>NOSCRIPT ...</c>.</summary>
public sealed class RedisServerException : RedisException
{
    public RedisServerException(string message)
        : base(message)
    {
        ErrorCode = ReadErrorCode(message);
    }

    /// <summary>
    /// The error's leading upper-case word (<c>ERR</c>, <c>WRONGTYPE</c>, <c>NOSCRIPT</c>, <c>NOAUTH</c>, ...),
    /// or <c>ERR</c> when the message has none.
    /// </summary>
    public string ErrorCode { get; }

    private static string ReadErrorCode(string message)
    {
        var end = message.IndexOf(' ');
        var word = end < 0 ? message : message[..end];
        if (word.Length == 0)
        {
            return "ERR";
        }

        foreach (var c in word)
        {
            if (c is not ((>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_' or '-'))
            {
                return "ERR";
            }
        }

        return word;
    }
}
