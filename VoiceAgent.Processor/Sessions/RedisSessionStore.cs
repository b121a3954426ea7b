using VoiceAgent.Redis;

namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// Sessions in Redis, shared by every processor (layout in <see cref="SessionKeys"/>). A message costs two round
/// trips: <c>HGETALL</c> of the record, then one script that saves the record with its audio, jobs and response
/// and refreshes the time to live of every key of the session.
/// </summary>
internal sealed class RedisSessionStore(RedisClient redis, ProcessorOptions options) : ISessionStore
{
    private readonly string _prefix = options.RedisKeyPrefix;
    private readonly string _work = SessionKeys.Work(options.RedisKeyPrefix);
    private readonly long _ttlMs = (long)options.SessionTtl.TotalMilliseconds;
    private readonly long _leaseMs = (long)options.LeaseDuration.TotalMilliseconds;
    private readonly int _maxItems = Math.Max(1, options.MaxHistoryItems);

    public async Task<SessionRecord> LoadAsync(string sessionId, CancellationToken cancellationToken)
    {
        var keys = Keys(sessionId);
        var stored = await redis.HGetAllAsync(keys.Session, cancellationToken).ConfigureAwait(false);
        return SessionRecordFields.Read(sessionId, ToStrings(stored));
    }

    public async Task<bool> SaveAsync(SessionRecord record, SessionChanges changes, string? leaseOwner, CancellationToken cancellationToken)
    {
        var keys = Keys(record.SessionId);
        var arguments = new List<RedisArgument>(24)
        {
            _ttlMs,
            record.SessionId,
            leaseOwner ?? "",
            _leaseMs,
            // A handler that queued work but could not claim the lease: the reaper looks again after a lease's time.
            _leaseMs,
        };

        foreach (var operation in changes.Audio)
        {
            switch (operation.Kind)
            {
                case AudioOperationKind.Append:
                    arguments.Add("A");
                    arguments.Add(operation.Bytes);
                    break;
                case AudioOperationKind.KeepLast:
                    arguments.Add("K");
                    arguments.Add(operation.Count);
                    break;
                case AudioOperationKind.Commit:
                    arguments.Add("C");
                    arguments.Add(operation.Key!);
                    break;
                default:
                    arguments.Add("D");
                    break;
            }
        }

        if (changes.NewResponse is { } response)
        {
            AddPairs(arguments, "R", ResponseFields.WriteNew(response));
        }

        foreach (var job in changes.Jobs)
        {
            arguments.Add("J");
            arguments.Add(job);
        }

        // The record last: it holds the applied useq.
        AddPairs(arguments, "H", SessionRecordFields.Write(record, includeConfig: record.ConfigChanged || !record.Exists));
        var reply = await redis.EvalAsync(
            SessionScripts.Save,
            [keys.Session, keys.Audio, keys.Jobs, keys.Response, keys.Items, keys.Lease, _work],
            arguments,
            cancellationToken).ConfigureAwait(false);
        record.Exists = true;
        record.ConfigChanged = false;
        return reply.AsInt64() == 1;
    }

    public async Task<ResponseSnapshot?> GetResponseAsync(string sessionId, CancellationToken cancellationToken)
    {
        var stored = await redis.HGetAllAsync(Keys(sessionId).Response, cancellationToken).ConfigureAwait(false);
        return ResponseFields.Read(ToStrings(stored));
    }

    public async Task<ResponseSnapshot?> CancelResponseAsync(string sessionId, string? responseId, string reason, string cancelledBy, CancellationToken cancellationToken)
    {
        var keys = Keys(sessionId);
        var reply = await redis.EvalAsync(
            SessionScripts.Cancel,
            [keys.Response, keys.Cancel],
            [responseId ?? "", reason, cancelledBy, _ttlMs],
            cancellationToken).ConfigureAwait(false);
        return ReadResponseReply(reply);
    }

    public async Task<IReadOnlyList<ConversationItem>> GetItemsAsync(string sessionId, CancellationToken cancellationToken)
    {
        var stored = await redis.LRangeAsync(Keys(sessionId).Items, 0, -1, cancellationToken).ConfigureAwait(false);
        var items = new List<ConversationItem>(stored.Length);
        foreach (var value in stored)
        {
            items.Add(StoredJson.ReadItem(value.Span));
        }

        return items;
    }

    public async Task<TruncateOutcome> TruncateAsync(string sessionId, string itemId, double audioEndMs, CancellationToken cancellationToken)
    {
        var keys = Keys(sessionId);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var outcome = await TruncateStoredAsync(keys, itemId, audioEndMs, cancellationToken).ConfigureAwait(false);
            if (outcome is { } done)
            {
                return done;
            }

            var deferred = await redis.EvalAsync(
                SessionScripts.DeferTruncate, [keys.Response], [itemId, SessionRecordFields.Format(audioEndMs)], cancellationToken).ConfigureAwait(false);
            if (deferred.AsInt64() == 1)
            {
                return TruncateOutcome.Deferred;
            }

            var response = await GetResponseAsync(sessionId, cancellationToken).ConfigureAwait(false);
            if (response is null || response.ItemId != itemId || !response.Final)
            {
                return TruncateOutcome.NotFound;
            }

            // The answer reached the history between the two reads: look again.
        }

        return TruncateOutcome.NotFound;
    }

    /// <summary>Cuts the item in the history; null when it is not there (or the list changed under the cut).</summary>
    private async Task<TruncateOutcome?> TruncateStoredAsync(SessionKeys keys, string itemId, double audioEndMs, CancellationToken cancellationToken)
    {
        var stored = await redis.LRangeAsync(keys.Items, 0, -1, cancellationToken).ConfigureAwait(false);
        for (var index = stored.Length - 1; index >= 0; index--)
        {
            var json = stored[index].ToString()!;
            var item = StoredJson.ReadItem(json);
            if (item.Id != itemId)
            {
                continue;
            }

            if (item.Role != "assistant")
            {
                return TruncateOutcome.NotFound;
            }

            var truncated = Truncation.Apply(item, audioEndMs);
            if (ReferenceEquals(truncated, item))
            {
                return TruncateOutcome.Truncated;
            }

            var replaced = await redis.EvalAsync(
                SessionScripts.ReplaceItem, [keys.Items], [index, json, StoredJson.Write(truncated)], cancellationToken).ConfigureAwait(false);
            return replaced.AsInt64() == 1 ? TruncateOutcome.Truncated : null;
        }

        return null;
    }

    public async Task<bool> TryClaimAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        var keys = Keys(sessionId);
        var reply = await redis.EvalAsync(SessionScripts.Claim, [keys.Lease, keys.Jobs, _work], [owner, _leaseMs, sessionId], cancellationToken)
            .ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    public async Task<bool> RenewAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        var reply = await redis.EvalAsync(SessionScripts.Renew, [Keys(sessionId).Lease, _work], [owner, _leaseMs, sessionId], cancellationToken)
            .ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    public async Task<LeaseRelease> ReleaseAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        var keys = Keys(sessionId);
        var reply = await redis.EvalAsync(SessionScripts.Release, [keys.Lease, keys.Jobs, _work], [owner, sessionId], cancellationToken)
            .ConfigureAwait(false);
        return reply.AsInt64() switch
        {
            1 => LeaseRelease.Released,
            0 => LeaseRelease.MoreWork,
            _ => LeaseRelease.Lost,
        };
    }

    public async Task HandOffAsync(string sessionId, string owner, CancellationToken cancellationToken) =>
        await redis.EvalAsync(SessionScripts.HandOff, [Keys(sessionId).Lease, _work], [owner, sessionId], cancellationToken).ConfigureAwait(false);

    public async Task<IReadOnlyList<string>> ReapAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        var reply = await redis.EvalAsync(SessionScripts.Reap, [_work], [owner, _leaseMs, _prefix, limit], cancellationToken).ConfigureAwait(false);
        return [.. reply.Elements.Select(element => element.AsString()!)];
    }

    public async Task<string?> PeekJobAsync(string sessionId, CancellationToken cancellationToken)
    {
        var reply = await redis.ExecuteAsync("LINDEX", [Keys(sessionId).Jobs, 0], cancellationToken).ConfigureAwait(false);
        return reply.IsNull ? null : reply.AsString();
    }

    public async Task<byte[]> ReadAudioAsync(string key, long offset, CancellationToken cancellationToken)
    {
        var reply = await redis.ExecuteAsync("GETRANGE", [key, offset, -1], cancellationToken).ConfigureAwait(false);
        return reply.IsNull ? [] : reply.AsValue().Memory.ToArray();
    }

    public async Task<bool> SaveProgressAsync(string sessionId, string responseId, ResponseProgress progress, CancellationToken cancellationToken)
    {
        var arguments = new List<RedisArgument> { responseId };
        var fields = ResponseFields.WriteProgress(progress);
        arguments.Add(fields.Count);
        foreach (var (name, value) in fields)
        {
            arguments.Add(name);
            arguments.Add(value);
        }

        var reply = await redis.EvalAsync(SessionScripts.Progress, [Keys(sessionId).Response], arguments, cancellationToken).ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    public async Task<ResponseSnapshot?> FinishResponseAsync(
        string sessionId, string responseId, string status, string? reason, string? errorCode, string? errorMessage, CancellationToken cancellationToken)
    {
        var reply = await redis.EvalAsync(
            SessionScripts.Finish,
            [Keys(sessionId).Response],
            [responseId, status, reason ?? "", errorCode ?? "", errorMessage ?? ""],
            cancellationToken).ConfigureAwait(false);
        return ReadResponseReply(reply);
    }

    public async Task<JobCompletion> CompleteJobAsync(
        string sessionId, string owner, string job, ConversationItem? item, string? deleteKey, string? responseId, CancellationToken cancellationToken)
    {
        var keys = Keys(sessionId);
        var reply = await redis.EvalAsync(
            SessionScripts.Complete,
            [keys.Lease, keys.Jobs, keys.Items, keys.Response],
            [owner, job, item is null ? "" : StoredJson.Write(item), _maxItems, deleteKey ?? "", responseId ?? ""],
            cancellationToken).ConfigureAwait(false);
        var outcome = reply.Elements[0].AsInt64();
        if (outcome != 1)
        {
            return new JobCompletion(false, outcome == -1, null);
        }

        var truncate = reply.Elements[1].AsString();
        return new JobCompletion(true, false, string.IsNullOrEmpty(truncate) ? null : SessionRecordFields.ParseDouble(truncate));
    }

    public async Task<bool> RestartResponseAsync(
        string sessionId, string owner, string job, string newJob, ConversationItem? delivered, ResponseSnapshot newResponse, CancellationToken cancellationToken)
    {
        var keys = Keys(sessionId);
        var oldResponseId = StoredJson.ReadJob(job).ResponseId ?? "";
        var arguments = new List<RedisArgument>
        {
            owner,
            job,
            newJob,
            delivered is null ? "" : StoredJson.Write(delivered),
            _maxItems,
            oldResponseId,
        };
        var fields = ResponseFields.WriteNew(newResponse);
        arguments.Add(fields.Count);
        foreach (var (name, value) in fields)
        {
            arguments.Add(name);
            arguments.Add(value);
        }

        var reply = await redis.EvalAsync(SessionScripts.Restart, [keys.Lease, keys.Jobs, keys.Items, keys.Response], arguments, cancellationToken)
            .ConfigureAwait(false);
        return reply.AsInt64() == 1;
    }

    public async Task<IReadOnlyList<string?>> GetCancelFlagsAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken)
    {
        if (sessionIds.Count == 0)
        {
            return [];
        }

        var keys = new RedisArgument[sessionIds.Count];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Keys(sessionIds[i]).Cancel;
        }

        var reply = await redis.ExecuteAsync("MGET", keys, cancellationToken).ConfigureAwait(false);
        return [.. reply.Elements.Select(element => element.IsNull ? null : element.AsString())];
    }

    private static void AddPairs(List<RedisArgument> arguments, string operation, List<KeyValuePair<string, string>> fields)
    {
        arguments.Add(operation);
        arguments.Add(fields.Count);
        foreach (var (name, value) in fields)
        {
            arguments.Add(name);
            arguments.Add(value);
        }
    }

    private static Dictionary<string, string> ToStrings(Dictionary<string, RedisValue> stored)
    {
        var strings = new Dictionary<string, string>(stored.Count, StringComparer.Ordinal);
        foreach (var (name, value) in stored)
        {
            strings[name] = value.ToString() ?? "";
        }

        return strings;
    }

    private static ResponseSnapshot? ReadResponseReply(RedisReply reply)
    {
        if (reply.IsNull || reply.Kind != RedisReplyKind.Array)
        {
            return null;
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        var elements = reply.Elements;
        for (var i = 0; i + 1 < elements.Count; i += 2)
        {
            fields[elements[i].AsString()!] = elements[i + 1].AsString() ?? "";
        }

        return ResponseFields.Read(fields);
    }

    private SessionKeys Keys(string sessionId) => new(_prefix, sessionId);
}
