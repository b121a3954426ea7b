using VoiceAgent.Redis;

namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// The Lua scripts that make the session store's steps atomic. Times come from the server (<c>TIME</c>), so that
/// processors with skewed clocks agree on when a lease is due.
/// </summary>
internal static class SessionScripts
{
    private const string Now = """
        local function now()
          local t = redis.call('TIME')
          return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        end

        """;

    /// <summary>
    /// The uplink handler's save. KEYS: session, audio, jobs, response, items, lease, work. ARGV: ttl ms, session id,
    /// lease owner ('' for none), lease ms, work grace ms, then operations: H n f v... (record fields), A bytes
    /// (append audio), K n (keep the last n audio bytes), C key (commit the audio to key), D (clear the audio),
    /// J json (queue a job), R n f v... (replace the response). Returns 1 when it claimed the lease.
    /// </summary>
    public static readonly RedisScript Save = new(Now + """
        local ttl = tonumber(ARGV[1])
        local i = 6
        local jobs = 0
        while i <= #ARGV do
          local op = ARGV[i]
          if op == 'H' then
            local n = tonumber(ARGV[i + 1])
            if n > 0 then redis.call('HSET', KEYS[1], unpack(ARGV, i + 2, i + 1 + 2 * n)) end
            i = i + 2 + 2 * n
          elseif op == 'A' then
            redis.call('APPEND', KEYS[2], ARGV[i + 1])
            i = i + 2
          elseif op == 'K' then
            local keep = tonumber(ARGV[i + 1])
            local length = redis.call('STRLEN', KEYS[2])
            if keep <= 0 then
              redis.call('DEL', KEYS[2])
            elseif length > keep then
              redis.call('SET', KEYS[2], redis.call('GETRANGE', KEYS[2], length - keep, -1))
            end
            i = i + 2
          elseif op == 'C' then
            if redis.call('EXISTS', KEYS[2]) == 1 then
              redis.call('RENAME', KEYS[2], ARGV[i + 1])
            else
              redis.call('SET', ARGV[i + 1], '')
            end
            redis.call('PEXPIRE', ARGV[i + 1], ttl)
            i = i + 2
          elseif op == 'D' then
            redis.call('DEL', KEYS[2])
            i = i + 1
          elseif op == 'J' then
            redis.call('RPUSH', KEYS[3], ARGV[i + 1])
            jobs = jobs + 1
            i = i + 2
          elseif op == 'R' then
            local n = tonumber(ARGV[i + 1])
            redis.call('DEL', KEYS[4])
            redis.call('HSET', KEYS[4], unpack(ARGV, i + 2, i + 1 + 2 * n))
            i = i + 2 + 2 * n
          else
            return redis.error_reply('ERR unknown save operation ' .. tostring(op))
          end
        end
        local claimed = 0
        if jobs > 0 then
          local t = now()
          local lease = tonumber(ARGV[4])
          if ARGV[3] ~= '' and redis.call('SET', KEYS[6], ARGV[3], 'NX', 'PX', lease) then
            redis.call('ZADD', KEYS[7], t + lease, ARGV[2])
            claimed = 1
          elseif redis.call('GET', KEYS[6]) == ARGV[3] then
            claimed = 1
          else
            redis.call('ZADD', KEYS[7], t + tonumber(ARGV[5]), ARGV[2])
          end
        end
        for k = 1, 5 do redis.call('PEXPIRE', KEYS[k], ttl) end
        return claimed
        """);

    /// <summary>KEYS: lease, jobs, work. ARGV: owner, lease ms, session id. 1 when the owner holds the lease.</summary>
    public static readonly RedisScript Claim = new(Now + """
        local holder = redis.call('GET', KEYS[1])
        if holder == ARGV[1] then return 1 end
        if holder then
          local ttl = redis.call('PTTL', KEYS[1])
          if ttl > 0 then redis.call('ZADD', KEYS[3], now() + ttl, ARGV[3]) end
          return 0
        end
        if redis.call('LLEN', KEYS[2]) == 0 then
          redis.call('ZREM', KEYS[3], ARGV[3])
          return 0
        end
        redis.call('SET', KEYS[1], ARGV[1], 'PX', tonumber(ARGV[2]))
        redis.call('ZADD', KEYS[3], now() + tonumber(ARGV[2]), ARGV[3])
        return 1
        """);

    /// <summary>KEYS: lease, work. ARGV: owner, lease ms, session id. 1 when renewed.</summary>
    public static readonly RedisScript Renew = new(Now + """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[2]))
        redis.call('ZADD', KEYS[2], now() + tonumber(ARGV[2]), ARGV[3])
        return 1
        """);

    /// <summary>KEYS: lease, jobs, work. ARGV: owner, session id. 1 released, 0 more work, -1 not the holder.</summary>
    public static readonly RedisScript Release = new("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
        if redis.call('LLEN', KEYS[2]) > 0 then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZREM', KEYS[3], ARGV[2])
        return 1
        """);

    /// <summary>KEYS: lease, work. ARGV: owner, session id. Frees the lease and makes the session due at once.</summary>
    public static readonly RedisScript HandOff = new(Now + """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.call('DEL', KEYS[1])
        redis.call('ZADD', KEYS[2], now(), ARGV[2])
        return 1
        """);

    /// <summary>
    /// KEYS: work. ARGV: owner, lease ms, key prefix, limit. Claims the due sessions whose lease expired and that still
    /// have jobs; returns their ids.
    /// </summary>
    public static readonly RedisScript Reap = new(Now + """
        local t = now()
        local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', t, 'LIMIT', 0, tonumber(ARGV[4]))
        local claimed = {}
        for _, id in ipairs(due) do
          local base = ARGV[3] .. '{' .. id .. '}:'
          local lease = base .. 'lease'
          if redis.call('LLEN', base .. 'jobs') == 0 then
            redis.call('ZREM', KEYS[1], id)
          else
            local ttl = redis.call('PTTL', lease)
            if ttl > 0 then
              redis.call('ZADD', KEYS[1], t + ttl, id)
            else
              redis.call('SET', lease, ARGV[1], 'PX', tonumber(ARGV[2]))
              redis.call('ZADD', KEYS[1], t + tonumber(ARGV[2]), id)
              table.insert(claimed, id)
            end
          end
        end
        return claimed
        """);

    /// <summary>KEYS: response. ARGV: response id, n, f v... Writes progress while the response is in progress.</summary>
    public static readonly RedisScript Progress = new("""
        if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] or redis.call('HGET', KEYS[1], 'status') ~= 'in_progress' then return 0 end
        local n = tonumber(ARGV[2])
        redis.call('HSET', KEYS[1], unpack(ARGV, 3, 2 + 2 * n))
        return 1
        """);

    /// <summary>
    /// KEYS: response. ARGV: response id, status, reason, error code, error message. Ends the response unless it
    /// already ended; returns its fields, or nil when it is not the session's response.
    /// </summary>
    public static readonly RedisScript Finish = new("""
        if redis.call('HGET', KEYS[1], 'id') ~= ARGV[1] then return nil end
        if redis.call('HGET', KEYS[1], 'status') == 'in_progress' then
          redis.call('HSET', KEYS[1], 'status', ARGV[2], 'reason', ARGV[3], 'ecode', ARGV[4], 'emsg', ARGV[5])
        end
        return redis.call('HGETALL', KEYS[1])
        """);

    /// <summary>
    /// KEYS: response, cancel flag. ARGV: response id ('' for any), reason, cancelled by, flag ttl ms. Cancels the
    /// response in progress and raises the flag; returns its fields, or nil when none was in progress.
    /// </summary>
    public static readonly RedisScript Cancel = new("""
        local id = redis.call('HGET', KEYS[1], 'id')
        if not id or (ARGV[1] ~= '' and ARGV[1] ~= id) then return nil end
        if redis.call('HGET', KEYS[1], 'status') ~= 'in_progress' then return nil end
        redis.call('HSET', KEYS[1], 'status', 'cancelled', 'reason', ARGV[2], 'cby', ARGV[3])
        redis.call('SET', KEYS[2], id, 'PX', tonumber(ARGV[4]))
        return redis.call('HGETALL', KEYS[1])
        """);

    /// <summary>
    /// KEYS: lease, jobs, items, response. ARGV: owner, job, item ('' for none), max items, key to delete ('' for
    /// none), response id ('' for none). Returns {1, pending truncate or ''}, {0} when the job is no longer first,
    /// {-1} when the lease is lost.
    /// </summary>
    public static readonly RedisScript Complete = new("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return {-1} end
        if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[2] then return {0} end
        if ARGV[3] ~= '' then
          redis.call('RPUSH', KEYS[3], ARGV[3])
          redis.call('LTRIM', KEYS[3], -tonumber(ARGV[4]), -1)
        end
        redis.call('LPOP', KEYS[2])
        if ARGV[5] ~= '' then redis.call('DEL', ARGV[5]) end
        local truncate = ''
        if ARGV[6] ~= '' and redis.call('HGET', KEYS[4], 'id') == ARGV[6] then
          redis.call('HSET', KEYS[4], 'final', '1')
          truncate = redis.call('HGET', KEYS[4], 'trunc') or ''
        end
        return {1, truncate}
        """);

    /// <summary>
    /// KEYS: lease, jobs, items, response. ARGV: owner, job, new job, delivered item ('' none), max items, response id,
    /// n, f v... (the new response). 1 done, 0 job not first or response no longer in progress, -1 lease lost.
    /// </summary>
    public static readonly RedisScript Restart = new("""
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return -1 end
        if redis.call('LINDEX', KEYS[2], 0) ~= ARGV[2] then return 0 end
        if redis.call('HGET', KEYS[4], 'id') ~= ARGV[6] or redis.call('HGET', KEYS[4], 'status') ~= 'in_progress' then return 0 end
        if ARGV[4] ~= '' then
          redis.call('RPUSH', KEYS[3], ARGV[4])
          redis.call('LTRIM', KEYS[3], -tonumber(ARGV[5]), -1)
        end
        redis.call('LSET', KEYS[2], 0, ARGV[3])
        redis.call('DEL', KEYS[4])
        local n = tonumber(ARGV[7])
        redis.call('HSET', KEYS[4], unpack(ARGV, 8, 7 + 2 * n))
        return 1
        """);

    /// <summary>
    /// KEYS: response. ARGV: item id, audio end ms. 1 when the item is the unfinished answer (the cut is kept for
    /// it), 0 otherwise.
    /// </summary>
    public static readonly RedisScript DeferTruncate = new("""
        if redis.call('HGET', KEYS[1], 'item') == ARGV[1] and redis.call('HGET', KEYS[1], 'final') ~= '1' then
          redis.call('HSET', KEYS[1], 'trunc', ARGV[2])
          return 1
        end
        return 0
        """);

    /// <summary>KEYS: items. ARGV: index, old item, new item. 1 when replaced, 0 when the list changed.</summary>
    public static readonly RedisScript ReplaceItem = new("""
        if redis.call('LINDEX', KEYS[1], tonumber(ARGV[1])) ~= ARGV[2] then return 0 end
        redis.call('LSET', KEYS[1], tonumber(ARGV[1]), ARGV[3])
        return 1
        """);
}
