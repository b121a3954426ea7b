namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// Where sessions live between messages: Redis (<see cref="RedisSessionStore"/>, shared by every processor) or this
/// process's memory (<see cref="InMemorySessionStore"/>, a single processor). The uplink handler loads and saves the
/// <see cref="SessionRecord"/>; the turn runner holds the session's lease while it works through the job list. Every
/// step that two processors could race on is atomic.
/// </summary>
internal interface ISessionStore
{
    // The uplink handler's side.

    /// <summary>The session's record; a new one (<see cref="SessionRecord.Exists"/> false) when none is stored.</summary>
    Task<SessionRecord> LoadAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Saves the record with the changes, atomically, and refreshes the session's time to live. When jobs were queued,
    /// claims the turn lease for <paramref name="leaseOwner"/> if it is free; returns whether it did.
    /// </summary>
    Task<bool> SaveAsync(SessionRecord record, SessionChanges changes, string? leaseOwner, CancellationToken cancellationToken);

    /// <summary>The session's current or last response, if any.</summary>
    Task<ResponseSnapshot?> GetResponseAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Cancels the response in progress (only <paramref name="responseId"/>, when given) and raises its cancel flag.
    /// Returns the cancelled response, or null when none was in progress.
    /// </summary>
    Task<ResponseSnapshot?> CancelResponseAsync(string sessionId, string? responseId, string reason, string cancelledBy, CancellationToken cancellationToken);

    /// <summary>The conversation history, oldest first.</summary>
    Task<IReadOnlyList<ConversationItem>> GetItemsAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>
    /// Cuts an assistant item to what was heard before <paramref name="audioEndMs"/>; when the item is the response not
    /// yet written to the history, remembers the cut for then.
    /// </summary>
    Task<TruncateOutcome> TruncateAsync(string sessionId, string itemId, double audioEndMs, CancellationToken cancellationToken);

    // The turn runner's side.

    /// <summary>Takes the session's turn lease if it is free and there is work; true when <paramref name="owner"/> holds it.</summary>
    Task<bool> TryClaimAsync(string sessionId, string owner, CancellationToken cancellationToken);

    /// <summary>Extends the lease; false when <paramref name="owner"/> no longer holds it.</summary>
    Task<bool> RenewAsync(string sessionId, string owner, CancellationToken cancellationToken);

    /// <summary>Gives the lease up when no job is left.</summary>
    Task<LeaseRelease> ReleaseAsync(string sessionId, string owner, CancellationToken cancellationToken);

    /// <summary>Gives the lease up with work left (shutdown), so that another processor continues at once.</summary>
    Task HandOffAsync(string sessionId, string owner, CancellationToken cancellationToken);

    /// <summary>Claims sessions whose jobs have no live lease (their processor died); returns their ids.</summary>
    Task<IReadOnlyList<string>> ReapAsync(string owner, int limit, CancellationToken cancellationToken);

    /// <summary>The first queued job, as stored, or null.</summary>
    Task<string?> PeekJobAsync(string sessionId, CancellationToken cancellationToken);

    /// <summary>The bytes of a committed utterance from <paramref name="offset"/> on.</summary>
    Task<byte[]> ReadAudioAsync(string key, long offset, CancellationToken cancellationToken);

    /// <summary>Records how far a response in progress has been published; false when it is no longer in progress.</summary>
    Task<bool> SaveProgressAsync(string sessionId, string responseId, ResponseProgress progress, CancellationToken cancellationToken);

    /// <summary>
    /// Ends the response with <paramref name="status"/> unless it already ended (cancelled meanwhile); returns the
    /// response as it now is, or null when it is no longer the session's response.
    /// </summary>
    Task<ResponseSnapshot?> FinishResponseAsync(string sessionId, string responseId, string status, string? reason, string? errorCode, string? errorMessage, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the finished first job, adding <paramref name="item"/> to the history, deleting
    /// <paramref name="deleteKey"/>, and marking <paramref name="responseId"/>'s answer as written.
    /// </summary>
    Task<JobCompletion> CompleteJobAsync(string sessionId, string owner, string job, ConversationItem? item, string? deleteKey, string? responseId, CancellationToken cancellationToken);

    /// <summary>
    /// Replaces the first job (a response whose regenerated answer diverged) with <paramref name="newJob"/>, a new
    /// response for the same input, adding the old answer's delivered part to the history. False when the old
    /// response is no longer in progress (it was cancelled meanwhile) or the lease was lost.
    /// </summary>
    Task<bool> RestartResponseAsync(string sessionId, string owner, string job, string newJob, ConversationItem? delivered, ResponseSnapshot newResponse, CancellationToken cancellationToken);

    /// <summary>For each session, the id of the response whose cancel flag is raised, or null.</summary>
    Task<IReadOnlyList<string?>> GetCancelFlagsAsync(IReadOnlyList<string> sessionIds, CancellationToken cancellationToken);
}
