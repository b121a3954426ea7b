using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis;

public sealed partial class RedisClient
{
    /// <summary>RPUSH: appends the value and returns the list's new length.</summary>
    public Task<long> RPushAsync(string key, RedisArgument value, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.RPush, [key, value], ReplyDecoders.Integer, cancellationToken);

    /// <summary>RPUSH: appends the values in order and returns the list's new length.</summary>
    public Task<long> RPushAsync(string key, IReadOnlyList<RedisArgument> values, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.RPush, KeyAndValues(key, values), ReplyDecoders.Integer, cancellationToken);

    /// <summary>LPUSH: prepends the value and returns the list's new length.</summary>
    public Task<long> LPushAsync(string key, RedisArgument value, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.LPush, [key, value], ReplyDecoders.Integer, cancellationToken);

    /// <summary>LPUSH: prepends the values one after the other (the last one ends up first); returns the new length.</summary>
    public Task<long> LPushAsync(string key, IReadOnlyList<RedisArgument> values, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.LPush, KeyAndValues(key, values), ReplyDecoders.Integer, cancellationToken);

    /// <summary>LRANGE: the elements from <paramref name="start"/> to <paramref name="stop"/> inclusive (negative counts from the end).</summary>
    public Task<RedisValue[]> LRangeAsync(string key, long start = 0, long stop = -1, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.LRange, [key, start, stop], ReplyDecoders.ValueArray, cancellationToken);

    /// <summary>LTRIM: keeps only the elements from <paramref name="start"/> to <paramref name="stop"/> inclusive.</summary>
    public Task LTrimAsync(string key, long start, long stop, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.LTrim, [key, start, stop], ReplyDecoders.Status, cancellationToken);

    /// <summary>LLEN: the list's length (0 when the key does not exist).</summary>
    public Task<long> LLenAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.LLen, [key], ReplyDecoders.Integer, cancellationToken);

    private static RedisArgument[] KeyAndValues(string key, IReadOnlyList<RedisArgument> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("At least one value is needed.", nameof(values));
        }

        var arguments = new RedisArgument[1 + values.Count];
        arguments[0] = key;
        for (var i = 0; i < values.Count; i++)
        {
            arguments[i + 1] = values[i];
        }

        return arguments;
    }
}
