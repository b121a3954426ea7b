using System.Collections.Concurrent;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// The responses this processor is producing right now, by session, each with the token that stops it: cancelled
/// at once when this processor's uplink handler cancels the response, or when the cancel flag raised by another
/// processor is seen.
/// </summary>
internal sealed class ActiveResponses
{
    private readonly ConcurrentDictionary<string, Registration> _bySession = new(StringComparer.Ordinal);

    public bool IsEmpty => _bySession.IsEmpty;

    /// <summary>The sessions with an active response, and those responses' ids.</summary>
    public IReadOnlyList<(string SessionId, string ResponseId)> Snapshot() =>
        [.. _bySession.Select(entry => (entry.Key, entry.Value.ResponseId))];

    /// <summary>Registers a response; dispose the registration when it ends.</summary>
    public Registration Register(string sessionId, string responseId, CancellationToken stopping)
    {
        var registration = new Registration(this, sessionId, responseId, stopping);
        _bySession[sessionId] = registration;
        return registration;
    }

    /// <summary>Cancels the session's response if it is <paramref name="responseId"/> (any, when null); true when one was.</summary>
    public bool Cancel(string sessionId, string? responseId)
    {
        if (_bySession.TryGetValue(sessionId, out var registration) && (responseId is null || registration.ResponseId == responseId))
        {
            registration.Cancel();
            return true;
        }

        return false;
    }

    /// <summary>An active response: its token ends on cancel or when the runner stops.</summary>
    internal sealed class Registration : IDisposable
    {
        private readonly ActiveResponses _owner;
        private readonly CancellationTokenSource _source;

        public Registration(ActiveResponses owner, string sessionId, string responseId, CancellationToken stopping)
        {
            _owner = owner;
            SessionId = sessionId;
            ResponseId = responseId;
            _source = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        }

        public string SessionId { get; }

        public string ResponseId { get; }

        public CancellationToken Token => _source.Token;

        /// <summary>Whether the response was cancelled (rather than its runner stopped).</summary>
        public bool IsCancelled { get; private set; }

        public void Cancel()
        {
            IsCancelled = true;
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
        }

        public void Dispose()
        {
            ((ICollection<KeyValuePair<string, Registration>>)_owner._bySession).Remove(new KeyValuePair<string, Registration>(SessionId, this));
            _source.Dispose();
        }
    }
}
