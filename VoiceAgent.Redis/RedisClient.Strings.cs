using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis;

public sealed partial class RedisClient
{
    /// <summary>GET: the value, or <see cref="RedisValue.Null"/> when the key does not exist.</summary>
    public Task<RedisValue> GetAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Get, [key], ReplyDecoders.Value, cancellationToken);

    /// <summary>GET, decoded as UTF-8 straight from the received bytes; null when the key does not exist.</summary>
    public Task<string?> GetStringAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Get, [key], ReplyDecoders.String, cancellationToken);

    /// <summary>
    /// SET with an optional time to live (sent as EX when it is whole seconds, otherwise PX) and condition (NX/XX).
    /// Returns false when the condition kept the value from being stored.
    /// </summary>
    public Task<bool> SetAsync(
        string key, RedisArgument value, TimeSpan? expiry = null, SetCondition when = SetCondition.Always, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Set, SetArguments(key, value, expiry, when, get: false), ReplyDecoders.Stored, cancellationToken);

    /// <summary>
    /// SET ... GET: stores the value as <see cref="SetAsync"/> does and returns the previous value
    /// (<see cref="RedisValue.Null"/> when there was none). Combining it with a condition needs Redis 7.
    /// </summary>
    public Task<RedisValue> SetAndGetAsync(
        string key, RedisArgument value, TimeSpan? expiry = null, SetCondition when = SetCondition.Always, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Set, SetArguments(key, value, expiry, when, get: true), ReplyDecoders.Value, cancellationToken);

    /// <summary>INCR: adds one and returns the new value.</summary>
    public Task<long> IncrAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Incr, [key], ReplyDecoders.Integer, cancellationToken);

    /// <summary>INCRBY: adds <paramref name="increment"/> (which may be negative) and returns the new value.</summary>
    public Task<long> IncrByAsync(string key, long increment, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.IncrBy, [key, increment], ReplyDecoders.Integer, cancellationToken);

    private static RedisArgument[] SetArguments(string key, RedisArgument value, TimeSpan? expiry, SetCondition when, bool get)
    {
        var count = 2 + (expiry is null ? 0 : 2) + (when == SetCondition.Always ? 0 : 1) + (get ? 1 : 0);
        var arguments = new RedisArgument[count];
        var i = 0;
        arguments[i++] = key;
        arguments[i++] = value;
        if (expiry is { } ttl)
        {
            var milliseconds = TimeToLive.Milliseconds(ttl, nameof(expiry));
            if (milliseconds % 1000 == 0)
            {
                arguments[i++] = "EX";
                arguments[i++] = milliseconds / 1000;
            }
            else
            {
                arguments[i++] = "PX";
                arguments[i++] = milliseconds;
            }
        }

        switch (when)
        {
            case SetCondition.IfNotExists:
                arguments[i++] = "NX";
                break;
            case SetCondition.IfExists:
                arguments[i++] = "XX";
                break;
        }

        if (get)
        {
            arguments[i] = "GET";
        }

        return arguments;
    }
}
