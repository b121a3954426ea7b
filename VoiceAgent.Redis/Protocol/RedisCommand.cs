using System.Buffers;
using System.Collections.Concurrent;
using System.Text;

namespace VoiceAgent.Redis.Protocol;

/// <summary>
/// A command name (one or two words, such as <c>GET</c> or <c>SCRIPT LOAD</c>) with its words encoded once
/// as RESP bulk strings, ready to be copied in front of the arguments.
/// </summary>
internal sealed class RedisCommand
{
    private const int MaxCachedNames = 1024;
    private static readonly ConcurrentDictionary<string, RedisCommand> ByName = new(StringComparer.OrdinalIgnoreCase);

    private RedisCommand(string[] words)
    {
        Name = string.Join(' ', words);
        WordCount = words.Length;
        var buffer = new ArrayBufferWriter<byte>();
        foreach (var word in words)
        {
            RespCommandWriter.WriteArgument(buffer, RedisArgument.FromText(word));
        }

        EncodedWords = buffer.WrittenSpan.ToArray();
    }

    /// <summary>The upper-case command, as reported in <c>db.operation.name</c> and in error messages.</summary>
    public string Name { get; }

    public int WordCount { get; }

    /// <summary>The command's words as RESP bulk strings (without the array header).</summary>
    public byte[] EncodedWords { get; }

    public static RedisCommand Create(params string[] words)
    {
        if (words.Length == 0 || words.Any(string.IsNullOrWhiteSpace))
        {
            throw new ArgumentException("A command needs a name.", nameof(words));
        }

        return new RedisCommand([.. words.Select(w => w.ToUpperInvariant())]);
    }

    /// <summary>The command for a name given at run time (<c>ExecuteAsync</c>); common names are cached.</summary>
    public static RedisCommand ForName(string name)
    {
        if (ByName.TryGetValue(name, out var command))
        {
            return command;
        }

        command = Create(name);
        if (ByName.Count < MaxCachedNames)
        {
            ByName.TryAdd(name, command);
        }

        return command;
    }

    public override string ToString() => Name;
}
