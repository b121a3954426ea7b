using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis;

public sealed partial class RedisClient
{
    /// <summary>
    /// Runs a script by its SHA1 (EVALSHA); when the server does not have it (NOSCRIPT), loads it with SCRIPT LOAD and
    /// runs it again. NOSCRIPT means the script did not run, so the retry cannot run it twice.
    /// </summary>
    public async Task<RedisReply> EvalAsync(
        RedisScript script,
        IReadOnlyList<string>? keys = null,
        IReadOnlyList<RedisArgument>? arguments = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        try
        {
            return await EvalShaAsync(script.Sha1, keys, arguments, cancellationToken).ConfigureAwait(false);
        }
        catch (RedisServerException exception) when (exception.ErrorCode == "NOSCRIPT")
        {
            var loaded = await ScriptLoadAsync(script.Source, cancellationToken).ConfigureAwait(false);
            if (!string.Equals(loaded, script.Sha1, StringComparison.OrdinalIgnoreCase))
            {
                throw new RedisException($"SCRIPT LOAD returned SHA1 {loaded}, but the script's SHA1 is {script.Sha1}.");
            }

            return await EvalShaAsync(script.Sha1, keys, arguments, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>EVAL: runs the script source; returns whatever it returns.</summary>
    public Task<RedisReply> EvalAsync(
        string script,
        IReadOnlyList<string>? keys = null,
        IReadOnlyList<RedisArgument>? arguments = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(script);
        return SendAsync(RedisCommands.Eval, ScriptArguments(script, keys, arguments), ReplyDecoders.Reply, cancellationToken);
    }

    /// <summary>EVALSHA: runs a loaded script; a missing script fails with a <see cref="RedisServerException"/> whose code is NOSCRIPT.</summary>
    public Task<RedisReply> EvalShaAsync(
        string sha1,
        IReadOnlyList<string>? keys = null,
        IReadOnlyList<RedisArgument>? arguments = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sha1);
        return SendAsync(RedisCommands.EvalSha, ScriptArguments(sha1, keys, arguments), ReplyDecoders.Reply, cancellationToken);
    }

    /// <summary>SCRIPT LOAD: caches the script on the server and returns its SHA1.</summary>
    public async Task<string> ScriptLoadAsync(string script, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(script);
        var sha1 = await SendAsync(RedisCommands.ScriptLoad, [script], ReplyDecoders.String, cancellationToken).ConfigureAwait(false);
        return sha1 ?? throw new RedisException("SCRIPT LOAD returned nil.");
    }

    private static RedisArgument[] ScriptArguments(string scriptOrSha, IReadOnlyList<string>? keys, IReadOnlyList<RedisArgument>? arguments)
    {
        var keyCount = keys?.Count ?? 0;
        var argumentCount = arguments?.Count ?? 0;
        var all = new RedisArgument[2 + keyCount + argumentCount];
        all[0] = scriptOrSha;
        all[1] = keyCount;
        for (var i = 0; i < keyCount; i++)
        {
            all[2 + i] = keys![i];
        }

        for (var i = 0; i < argumentCount; i++)
        {
            all[2 + keyCount + i] = arguments![i];
        }

        return all;
    }
}
