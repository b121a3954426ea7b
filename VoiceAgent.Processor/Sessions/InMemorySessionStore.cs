namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// Sessions in this process's memory, for a single processor without Redis. The same semantics as
/// <see cref="RedisSessionStore"/>, under one lock per session (and one for the index of sessions with work); idle
/// sessions are dropped after the session time to live.
/// </summary>
internal sealed class InMemorySessionStore(ProcessorOptions options, TimeProvider time) : ISessionStore
{
    private readonly Dictionary<string, MemorySession> _sessions = new(StringComparer.Ordinal);
    private readonly Dictionary<string, byte[]> _utterances = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly int _maxItems = Math.Max(1, options.MaxHistoryItems);
    private long _lastSweep;

    public Task<SessionRecord> LoadAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var session = Find(sessionId);
            return Task.FromResult(SessionRecordFields.Read(sessionId, session?.Record ?? new Dictionary<string, string>()));
        }
    }

    public Task<bool> SaveAsync(SessionRecord record, SessionChanges changes, string? leaseOwner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            Sweep();
            var session = Get(record.SessionId);
            foreach (var operation in changes.Audio)
            {
                switch (operation.Kind)
                {
                    case AudioOperationKind.Append:
                        session.Audio.AddRange(operation.Bytes.Span);
                        break;
                    case AudioOperationKind.KeepLast:
                        if (session.Audio.Count > operation.Count)
                        {
                            session.Audio.RemoveRange(0, session.Audio.Count - (int)operation.Count);
                        }

                        break;
                    case AudioOperationKind.Commit:
                        _utterances[operation.Key!] = [.. session.Audio];
                        session.Utterances.Add(operation.Key!);
                        session.Audio.Clear();
                        break;
                    default:
                        session.Audio.Clear();
                        break;
                }
            }

            if (changes.NewResponse is { } response)
            {
                session.Response = Fields(ResponseFields.WriteNew(response));
            }

            session.Jobs.AddRange(changes.Jobs);
            foreach (var (name, value) in SessionRecordFields.Write(record, includeConfig: record.ConfigChanged || !record.Exists))
            {
                session.Record[name] = value;
            }

            record.Exists = true;
            record.ConfigChanged = false;
            session.Touched = Now;
            return Task.FromResult(changes.Jobs.Count > 0 && leaseOwner is not null && Claim(session, leaseOwner));
        }
    }

    public Task<ResponseSnapshot?> GetResponseAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Find(sessionId) is { } session ? ResponseFields.Read(session.Response) : null);
        }
    }

    public Task<ResponseSnapshot?> CancelResponseAsync(string sessionId, string? responseId, string reason, string cancelledBy, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(sessionId) is not { } session
                || ResponseFields.Read(session.Response) is not { InProgress: true } response
                || (responseId is not null && responseId != response.Id))
            {
                return Task.FromResult<ResponseSnapshot?>(null);
            }

            session.Response[ResponseFields.Status] = ResponseStatus.Cancelled;
            session.Response[ResponseFields.Reason] = reason;
            session.Response[ResponseFields.CancelledBy] = cancelledBy;
            session.CancelFlag = response.Id;
            return Task.FromResult(ResponseFields.Read(session.Response));
        }
    }

    public Task<IReadOnlyList<ConversationItem>> GetItemsAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<ConversationItem> items = Find(sessionId) is { } session ? [.. session.Items] : [];
            return Task.FromResult(items);
        }
    }

    public Task<TruncateOutcome> TruncateAsync(string sessionId, string itemId, double audioEndMs, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(sessionId) is not { } session)
            {
                return Task.FromResult(TruncateOutcome.NotFound);
            }

            var index = session.Items.FindLastIndex(item => item.Id == itemId);
            if (index >= 0)
            {
                if (session.Items[index].Role != "assistant")
                {
                    return Task.FromResult(TruncateOutcome.NotFound);
                }

                session.Items[index] = Truncation.Apply(session.Items[index], audioEndMs);
                return Task.FromResult(TruncateOutcome.Truncated);
            }

            if (session.Response.GetValueOrDefault(ResponseFields.Item) == itemId && session.Response.GetValueOrDefault(ResponseFields.Final) != "1")
            {
                session.Response[ResponseFields.Truncate] = SessionRecordFields.Format(audioEndMs);
                return Task.FromResult(TruncateOutcome.Deferred);
            }

            return Task.FromResult(TruncateOutcome.NotFound);
        }
    }

    public Task<bool> TryClaimAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Find(sessionId) is { } session && Claim(session, owner));
        }
    }

    public Task<bool> RenewAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(sessionId) is not { } session || !Holds(session, owner))
            {
                return Task.FromResult(false);
            }

            session.LeaseExpires = Now + options.LeaseDuration;
            return Task.FromResult(true);
        }
    }

    public Task<LeaseRelease> ReleaseAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(sessionId) is not { } session || !Holds(session, owner))
            {
                return Task.FromResult(LeaseRelease.Lost);
            }

            if (session.Jobs.Count > 0)
            {
                return Task.FromResult(LeaseRelease.MoreWork);
            }

            session.LeaseOwner = null;
            return Task.FromResult(LeaseRelease.Released);
        }
    }

    public Task HandOffAsync(string sessionId, string owner, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(sessionId) is { } session && Holds(session, owner))
            {
                session.LeaseOwner = null;
            }

            return Task.CompletedTask;
        }
    }

    public Task<IReadOnlyList<string>> ReapAsync(string owner, int limit, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var claimed = new List<string>();
            foreach (var (id, session) in _sessions)
            {
                if (claimed.Count >= limit)
                {
                    break;
                }

                if (session.Jobs.Count > 0 && !HasLiveLease(session) && session.DueAt <= Now)
                {
                    Claim(session, owner);
                    claimed.Add(id);
                }
            }

            return Task.FromResult<IReadOnlyList<string>>(claimed);
        }
    }

    public Task<string?> PeekJobAsync(string sessionId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(Find(sessionId) is { Jobs.Count: > 0 } session ? session.Jobs[0] : null);
        }
    }

    public Task<byte[]> ReadAudioAsync(string key, long offset, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var audio = _utterances.GetValueOrDefault(key) ?? [];
            return Task.FromResult(offset >= audio.Length ? [] : audio[(int)offset..]);
        }
    }

    public Task<bool> SaveProgressAsync(string sessionId, string responseId, ResponseProgress progress, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(sessionId) is not { } session || !IsInProgress(session, responseId))
            {
                return Task.FromResult(false);
            }

            foreach (var (name, value) in ResponseFields.WriteProgress(progress))
            {
                session.Response[name] = value;
            }

            return Task.FromResult(true);
        }
    }

    public Task<ResponseSnapshot?> FinishResponseAsync(
        string sessionId, string responseId, string status, string? reason, string? errorCode, string? errorMessage, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(sessionId) is not { } session || session.Response.GetValueOrDefault(ResponseFields.Id) != responseId)
            {
                return Task.FromResult<ResponseSnapshot?>(null);
            }

            if (IsInProgress(session, responseId))
            {
                session.Response[ResponseFields.Status] = status;
                session.Response[ResponseFields.Reason] = reason ?? "";
                session.Response[ResponseFields.ErrorCode] = errorCode ?? "";
                session.Response[ResponseFields.ErrorMessage] = errorMessage ?? "";
            }

            return Task.FromResult(ResponseFields.Read(session.Response));
        }
    }

    public Task<JobCompletion> CompleteJobAsync(
        string sessionId, string owner, string job, ConversationItem? item, string? deleteKey, string? responseId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (Find(sessionId) is not { } session || !Holds(session, owner))
            {
                return Task.FromResult(new JobCompletion(false, true, null));
            }

            if (session.Jobs.Count == 0 || session.Jobs[0] != job)
            {
                return Task.FromResult(new JobCompletion(false, false, null));
            }

            if (item is not null)
            {
                AddItem(session, item);
            }

            session.Jobs.RemoveAt(0);
            if (deleteKey is not null)
            {
                _utterances.Remove(deleteKey);
                session.Utterances.Remove(deleteKey);
            }

            double? truncate = null;
            if (responseId is not null && session.Response.GetValueOrDefault(ResponseFields.Id) == responseId)
            {
                session.Response[ResponseFields.Final] = "1";
                if (session.Response.TryGetValue(ResponseFields.Truncate, out var text))
                {
                    truncate = SessionRecordFields.ParseDouble(text);
                }
            }

            return Task.FromResult(new JobCompletion(true, false, truncate));
        }
    }

    public Task<bool> RestartResponseAsync(
        string sessionId, string owner, string job, string newJob, ConversationItem? delivered, ResponseSnapshot newResponse, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var oldResponseId = StoredJson.ReadJob(job).ResponseId ?? "";
            if (Find(sessionId) is not { } session
                || !Holds(session, owner)
                || session.Jobs.Count == 0
                || session.Jobs[0] != job
                || !IsInProgress(session, oldResponseId))
            {
                return Task.FromResult(false);
            }

            if (delivered is not null)
            {
                AddItem(session, delivered);
            }

            session.Jobs[0] = newJob;
            session.Response = Fields(ResponseFields.WriteNew(newResponse));
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<string?>> GetCancelFlagsAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            IReadOnlyList<string?> flags = [.. sessionIds.Select(id => Find(id)?.CancelFlag)];
            return Task.FromResult(flags);
        }
    }

    private DateTimeOffset Now => time.GetUtcNow();

    private static Dictionary<string, string> Fields(List<KeyValuePair<string, string>> pairs) => new(pairs, StringComparer.Ordinal);

    private static bool IsInProgress(MemorySession session, string responseId) =>
        session.Response.GetValueOrDefault(ResponseFields.Id) == responseId
        && session.Response.GetValueOrDefault(ResponseFields.Status) == ResponseStatus.InProgress;

    private void AddItem(MemorySession session, ConversationItem item)
    {
        session.Items.Add(item);
        if (session.Items.Count > _maxItems)
        {
            session.Items.RemoveRange(0, session.Items.Count - _maxItems);
        }
    }

    private bool Claim(MemorySession session, string owner)
    {
        if (HasLiveLease(session))
        {
            return session.LeaseOwner == owner;
        }

        if (session.Jobs.Count == 0)
        {
            return false;
        }

        session.LeaseOwner = owner;
        session.LeaseExpires = Now + options.LeaseDuration;
        session.DueAt = session.LeaseExpires;
        return true;
    }

    private bool Holds(MemorySession session, string owner) => session.LeaseOwner == owner && session.LeaseExpires > Now;

    private bool HasLiveLease(MemorySession session) => session.LeaseOwner is not null && session.LeaseExpires > Now;

    private MemorySession? Find(string sessionId)
    {
        if (!_sessions.TryGetValue(sessionId, out var session))
        {
            return null;
        }

        if (Now - session.Touched > options.SessionTtl)
        {
            Forget(sessionId, session);
            return null;
        }

        return session;
    }

    private MemorySession Get(string sessionId)
    {
        if (Find(sessionId) is { } session)
        {
            return session;
        }

        session = new MemorySession { Touched = Now };
        _sessions[sessionId] = session;
        return session;
    }

    private void Forget(string sessionId, MemorySession session)
    {
        _sessions.Remove(sessionId);
        foreach (var key in session.Utterances)
        {
            _utterances.Remove(key);
        }
    }

    /// <summary>Drops expired sessions now and then (at most once a minute).</summary>
    private void Sweep()
    {
        var now = time.GetTimestamp();
        if (time.GetElapsedTime(_lastSweep, now) < TimeSpan.FromMinutes(1))
        {
            return;
        }

        _lastSweep = now;
        foreach (var (id, session) in _sessions.ToList())
        {
            if (Now - session.Touched > options.SessionTtl && session.LeaseOwner is null)
            {
                Forget(id, session);
            }
        }
    }

    private sealed class MemorySession
    {
        public Dictionary<string, string> Record { get; } = new(StringComparer.Ordinal);

        public List<byte> Audio { get; } = [];

        public HashSet<string> Utterances { get; } = new(StringComparer.Ordinal);

        public List<string> Jobs { get; } = [];

        public List<ConversationItem> Items { get; } = [];

        public Dictionary<string, string> Response { get; set; } = new(StringComparer.Ordinal);

        public string? CancelFlag { get; set; }

        public string? LeaseOwner { get; set; }

        public DateTimeOffset LeaseExpires { get; set; }

        public DateTimeOffset DueAt { get; set; }

        public DateTimeOffset Touched { get; set; }
    }
}
