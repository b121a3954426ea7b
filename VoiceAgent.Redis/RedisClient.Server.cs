using System.Diagnostics;
using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis;

public sealed partial class RedisClient
{
    /// <summary>PING: the round-trip time, queueing included.</summary>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default)
    {
        var started = Stopwatch.GetTimestamp();
        await SendAsync(RedisCommands.Ping, [], ReplyDecoders.Status, cancellationToken).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Sends any command and returns its reply as is; an error reply throws <see cref="RedisServerException"/>.
    /// Commands that would break a shared connection (MULTI/EXEC, SUBSCRIBE, SELECT, AUTH, ...) are refused.
    /// </summary>
    public Task<RedisReply> ExecuteAsync(string command, params RedisArgument[] arguments) =>
        ExecuteAsync(command, (IReadOnlyList<RedisArgument>)arguments, CancellationToken.None);

    /// <inheritdoc cref="ExecuteAsync(string, RedisArgument[])"/>
    public Task<RedisReply> ExecuteAsync(string command, IReadOnlyList<RedisArgument> arguments, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(command);
        ArgumentNullException.ThrowIfNull(arguments);
        SharedConnectionGuard.EnsureAllowed(command, arguments);
        var copy = arguments.Count == 0 ? [] : arguments.ToArray();
        return SendAsync(RedisCommand.ForName(command), copy, ReplyDecoders.Reply, cancellationToken);
    }
}
