using System.Security.Cryptography;
using System.Text;

namespace VoiceAgent.Redis;

/// <summary>
/// A Lua script whose SHA1 is computed once. <see cref="RedisClient.EvalAsync(RedisScript, IReadOnlyList{string}?, IReadOnlyList{RedisArgument}?, CancellationToken)"/>
/// runs it with EVALSHA, and loads it with SCRIPT LOAD only when the server answers NOSCRIPT (after a restart or
/// SCRIPT FLUSH). Create it once (a static field) and reuse it.
/// </summary>
public sealed class RedisScript
{
    public RedisScript(string source)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        Source = source;
        Sha1 = Convert.ToHexStringLower(SHA1.HashData(Encoding.UTF8.GetBytes(source)));
    }

    public string Source { get; }

    /// <summary>The lower-case hex SHA1 of the UTF-8 source, as EVALSHA and SCRIPT LOAD use it.</summary>
    public string Sha1 { get; }

    public override string ToString() => Sha1;
}
