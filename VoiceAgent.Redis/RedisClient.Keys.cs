using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis;

public sealed partial class RedisClient
{
    private static readonly ReplyDecoder<TimeSpan?> TimeToLiveReply = static (ref RespReader r) => r.ReadInteger() switch
    {
        -2 => null,
        -1 => Timeout.InfiniteTimeSpan,
        var milliseconds => TimeSpan.FromMilliseconds(milliseconds),
    };

    /// <summary>DEL of one key: true when it existed.</summary>
    public Task<bool> DelAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Del, [key], ReplyDecoders.IntegerIsOne, cancellationToken);

    /// <summary>DEL: how many of the keys existed.</summary>
    public Task<long> DelAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Del, Keys(keys), ReplyDecoders.Integer, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Exists, [key], ReplyDecoders.IntegerIsOne, cancellationToken);

    /// <summary>EXISTS: how many of the keys exist (a key named twice counts twice).</summary>
    public Task<long> ExistsAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Exists, Keys(keys), ReplyDecoders.Integer, cancellationToken);

    /// <summary>EXPIRE with whole seconds: false when the key does not exist.</summary>
    public Task<bool> ExpireAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.Expire, [key, TimeToLive.Seconds(ttl, nameof(ttl))], ReplyDecoders.IntegerIsOne, cancellationToken);

    /// <summary>PEXPIRE with whole milliseconds: false when the key does not exist.</summary>
    public Task<bool> PExpireAsync(string key, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.PExpire, [key, TimeToLive.Milliseconds(ttl, nameof(ttl))], ReplyDecoders.IntegerIsOne, cancellationToken);

    /// <summary>
    /// PTTL: the time left; <see cref="Timeout.InfiniteTimeSpan"/> when the key has no expiration; null when the key
    /// does not exist.
    /// </summary>
    public Task<TimeSpan?> PTtlAsync(string key, CancellationToken cancellationToken = default) =>
        SendAsync(RedisCommands.PTtl, [key], TimeToLiveReply, cancellationToken);

    private static RedisArgument[] Keys(IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            throw new ArgumentException("At least one key is needed.", nameof(keys));
        }

        var arguments = new RedisArgument[keys.Count];
        for (var i = 0; i < arguments.Length; i++)
        {
            arguments[i] = keys[i];
        }

        return arguments;
    }
}
