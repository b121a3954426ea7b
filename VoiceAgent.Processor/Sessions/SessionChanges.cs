namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// What applying one uplink message changes besides the record itself, saved atomically with it: input audio buffer
/// operations, jobs for the turn runner, a new response, and whether to claim the turn lease for this processor.
/// </summary>
internal sealed class SessionChanges
{
    public List<AudioOperation> Audio { get; } = [];

    /// <summary>Jobs to queue, as the JSON stored in the job list.</summary>
    public List<string> Jobs { get; } = [];

    /// <summary>A response to create (it replaces the stored one, which is no longer in progress).</summary>
    public ResponseSnapshot? NewResponse { get; set; }

    public bool IsEmpty => Audio.Count == 0 && Jobs.Count == 0 && NewResponse is null;

    public void Reset()
    {
        Audio.Clear();
        Jobs.Clear();
        NewResponse = null;
    }
}
