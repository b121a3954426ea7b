namespace VoiceAgent.Redis.Protocol;

/// <summary>The commands the typed API and the connection handshake send.</summary>
internal static class RedisCommands
{
    public static readonly RedisCommand Auth = RedisCommand.Create("AUTH");
    public static readonly RedisCommand Select = RedisCommand.Create("SELECT");
    public static readonly RedisCommand ClientSetName = RedisCommand.Create("CLIENT", "SETNAME");
    public static readonly RedisCommand Ping = RedisCommand.Create("PING");

    public static readonly RedisCommand Get = RedisCommand.Create("GET");
    public static readonly RedisCommand Set = RedisCommand.Create("SET");
    public static readonly RedisCommand Del = RedisCommand.Create("DEL");
    public static readonly RedisCommand Exists = RedisCommand.Create("EXISTS");
    public static readonly RedisCommand Expire = RedisCommand.Create("EXPIRE");
    public static readonly RedisCommand PExpire = RedisCommand.Create("PEXPIRE");
    public static readonly RedisCommand PTtl = RedisCommand.Create("PTTL");
    public static readonly RedisCommand Incr = RedisCommand.Create("INCR");
    public static readonly RedisCommand IncrBy = RedisCommand.Create("INCRBY");

    public static readonly RedisCommand HSet = RedisCommand.Create("HSET");
    public static readonly RedisCommand HGet = RedisCommand.Create("HGET");
    public static readonly RedisCommand HGetAll = RedisCommand.Create("HGETALL");
    public static readonly RedisCommand HDel = RedisCommand.Create("HDEL");
    public static readonly RedisCommand HIncrBy = RedisCommand.Create("HINCRBY");

    public static readonly RedisCommand RPush = RedisCommand.Create("RPUSH");
    public static readonly RedisCommand LPush = RedisCommand.Create("LPUSH");
    public static readonly RedisCommand LRange = RedisCommand.Create("LRANGE");
    public static readonly RedisCommand LTrim = RedisCommand.Create("LTRIM");
    public static readonly RedisCommand LLen = RedisCommand.Create("LLEN");

    public static readonly RedisCommand Eval = RedisCommand.Create("EVAL");
    public static readonly RedisCommand EvalSha = RedisCommand.Create("EVALSHA");
    public static readonly RedisCommand ScriptLoad = RedisCommand.Create("SCRIPT", "LOAD");
}
