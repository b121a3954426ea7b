namespace VoiceAgent.Processor.Sessions;

/// <summary>
/// The Redis keys of one session, all with the session id as hash tag (<c>va:{id}:...</c>): the record (hash), the
/// input audio buffer (string), committed utterances (strings), the history (list of JSON items), the job list, the
/// current response (hash), the turn lease and the cancel flag. One sorted set (<c>va:work</c>) indexes the sessions
/// that have jobs, by when their lease is due.
/// </summary>
internal readonly struct SessionKeys
{
    private readonly string _base;

    public SessionKeys(string prefix, string sessionId)
    {
        _base = $"{prefix}{{{sessionId}}}:";
        Session = _base + "session";
        Audio = _base + "audio";
        Jobs = _base + "jobs";
        Response = _base + "resp";
        Items = _base + "items";
        Lease = _base + "lease";
        Cancel = _base + "cancel";
    }

    public string Session { get; }

    public string Audio { get; }

    public string Jobs { get; }

    public string Response { get; }

    public string Items { get; }

    public string Lease { get; }

    public string Cancel { get; }

    public static string Work(string prefix) => prefix + "work";

    public string Utterance(string itemId) => _base + "utt:" + itemId;
}
