using System.Collections.Frozen;

namespace VoiceAgent.Redis;

/// <summary>
/// Refuses commands that change the state of the one connection all callers share, or that stop replies from
/// matching commands one to one.
/// </summary>
internal static class SharedConnectionGuard
{
    private static readonly FrozenDictionary<string, string> Refused = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["MULTI"] = "transactions would take in other callers' commands; use a Lua script (EvalAsync) for atomic steps",
        ["EXEC"] = "transactions would take in other callers' commands; use a Lua script (EvalAsync) for atomic steps",
        ["DISCARD"] = "transactions would take in other callers' commands; use a Lua script (EvalAsync) for atomic steps",
        ["WATCH"] = "WATCH state would be shared by every caller; use a Lua script (EvalAsync) for compare-and-set",
        ["UNWATCH"] = "WATCH state would be shared by every caller; use a Lua script (EvalAsync) for compare-and-set",
        ["SUBSCRIBE"] = "pub/sub mode is not supported by this client",
        ["PSUBSCRIBE"] = "pub/sub mode is not supported by this client",
        ["SSUBSCRIBE"] = "pub/sub mode is not supported by this client",
        ["UNSUBSCRIBE"] = "pub/sub mode is not supported by this client",
        ["PUNSUBSCRIBE"] = "pub/sub mode is not supported by this client",
        ["SUNSUBSCRIBE"] = "pub/sub mode is not supported by this client",
        ["MONITOR"] = "it turns the connection into a stream of events",
        ["SELECT"] = "it would switch the database under every caller; set defaultDatabase in the connection string",
        ["AUTH"] = "credentials belong in the connection string, so that reconnects authenticate too",
        ["HELLO"] = "this client speaks RESP2 only",
        ["RESET"] = "it would reset the state of the shared connection",
        ["QUIT"] = "it would close the shared connection; dispose the client instead",
        ["SYNC"] = "replication streams are not replies",
        ["PSYNC"] = "replication streams are not replies",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    public static void EnsureAllowed(string command, IReadOnlyList<RedisArgument> arguments)
    {
        if (Refused.TryGetValue(command, out var reason))
        {
            throw new NotSupportedException($"{command.ToUpperInvariant()} is not allowed on the shared connection: {reason}.");
        }

        if (command.Equals("CLIENT", StringComparison.OrdinalIgnoreCase) && arguments.Count > 0 &&
            arguments[0].ToString().Equals("REPLY", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException("CLIENT REPLY is not allowed on the shared connection: replies must match commands one to one.");
        }
    }
}
