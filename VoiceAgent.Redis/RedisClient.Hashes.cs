using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis;

public sealed partial class RedisClient
{
    /// <summary>HSET of one field: 1 when the field is new, 0 when it was overwritten.</summary>
    public Task<long> HSetAsync(string key, string field, RedisArgument value, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.HSet, [key, field, value], ReplyDecoders.Integer, cancellationToken);

    /// <summary>HSET of several fields at once: how many of them are new.</summary>
    public Task<long> HSetAsync(string key, IReadOnlyCollection<KeyValuePair<string, RedisArgument>> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("HSET needs at least one field.", nameof(fields));
        }

        var arguments = new RedisArgument[1 + (2 * fields.Count)];
        arguments[0] = key;
        var i = 1;
        foreach (var (field, value) in fields)
        {
            arguments[i++] = field;
            arguments[i++] = value;
        }

        return SendAsync(RedisCommands.HSet, arguments, ReplyDecoders.Integer, cancellationToken);
    }

    /// <summary>HGET: the field's value, or <see cref="RedisValue.Null"/>.</summary>
    public Task<RedisValue> HGetAsync(string key, string field, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.HGet, [key, field], ReplyDecoders.Value, cancellationToken);

    /// <summary>HGETALL: every field (decoded as UTF-8) and its value; empty when the key does not exist.</summary>
    public Task<Dictionary<string, RedisValue>> HGetAllAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.HGetAll, [key], ReplyDecoders.Hash, cancellationToken);

    /// <summary>HDEL of one field: true when it existed.</summary>
    public Task<bool> HDelAsync(string key, string field, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.HDel, [key, field], ReplyDecoders.IntegerIsOne, cancellationToken);

    /// <summary>HDEL: how many of the fields existed.</summary>
    public Task<long> HDelAsync(string key, IReadOnlyList<string> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        if (fields.Count == 0)
        {
            throw new ArgumentException("HDEL needs at least one field.", nameof(fields));
        }

        var arguments = new RedisArgument[1 + fields.Count];
        arguments[0] = key;
        for (var i = 0; i < fields.Count; i++)
        {
            arguments[i + 1] = fields[i];
        }

        return SendAsync(RedisCommands.HDel, arguments, ReplyDecoders.Integer, cancellationToken);
    }

    /// <summary>HINCRBY: adds <paramref name="increment"/> to the field and returns the new value.</summary>
    public Task<long> HIncrByAsync(string key, string field, long increment, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.HIncrBy, [key, field, increment], ReplyDecoders.Integer, cancellationToken);
}
