using VoiceAgent.Processor.Downlink;
using VoiceAgent.Processor.Sessions;
using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Processor.Turns;

/// <summary>
/// Publishes a response's events in order, each with its deterministic id <c>{response id}:{index}</c>: index 0
/// is <c>response.created</c>, then per sentence its transcript (or text) delta and its audio chunks. After a
/// takeover it regenerates the same sequence and skips the indexes already published, checking that the regenerated
/// text matches what was. Audio is paced; progress is saved as it goes.
/// </summary>
internal sealed class ResponseEmitter
{
    private readonly string _sessionId;
    private readonly TurnJob _job;
    private readonly ResponseProgress _restored;
    private readonly DownlinkPublisher _publisher;
    private readonly ProgressWriter _progress;
    private readonly AudioPacer _pacer;
    private readonly Action? _firstAudio;
    private readonly List<SpokenSegment> _segments = [];
    private string _text = "";
    private int _index;
    private int _sentences;
    private int _sentencesIndex;
    private double _audioMs;
    private bool _audioSent;

    public ResponseEmitter(
        string sessionId, TurnJob job, ResponseProgress restored, DownlinkPublisher publisher, ProgressWriter progress, AudioPacer pacer, Action? firstAudio)
    {
        _sessionId = sessionId;
        _job = job;
        _restored = restored;
        _publisher = publisher;
        _progress = progress;
        _pacer = pacer;
        _firstAudio = firstAudio;
    }

    public string ResponseId => _job.ResponseId!;

    public string ItemId => _job.ItemId;

    public bool Audio => _job.Config?.Audio ?? true;

    /// <summary>The answer's text so far (published or, after a takeover, verified as published before).</summary>
    public string Text => _text;

    public IReadOnlyList<SpokenSegment> Segments => _segments;

    /// <summary>Whether this is a continuation that skips what another processor published.</summary>
    public bool IsContinuation => _restored.Published > 0;

    /// <summary>Whether the regenerated text covers everything published before the takeover.</summary>
    public bool CoversRestoredText => _text.Length >= _restored.Text.Length;

    public Task CreatedAsync(CancellationToken cancellationToken) =>
        EventAsync(id => ServerEvents.ResponseCreated(id, ResponseId, Audio), cancellationToken);

    /// <summary>Starts a sentence: publishes its delta unless it was published already.</summary>
    public async Task<SentenceStep> BeginSentenceAsync(string sentence, CancellationToken cancellationToken)
    {
        if (_text.Length < _restored.Text.Length && !_restored.Text.AsSpan(_text.Length).StartsWith(sentence, StringComparison.Ordinal))
        {
            return SentenceStep.Diverged;
        }

        if (_sentences < _restored.Sentences)
        {
            _text += sentence;
            if (Audio && _sentences < _restored.Segments.Count)
            {
                var segment = _restored.Segments[_sentences];
                _segments.Add(segment);
                _audioMs = segment.AudioStartMs + segment.AudioMs;
            }

            _sentences++;
            if (_sentences == _restored.Sentences)
            {
                _index = _restored.SentencesIndex;
                _sentencesIndex = _index;
            }

            return SentenceStep.Skip;
        }

        var text = sentence;
        await EventAsync(id => ServerEvents.TextDelta(id, Audio, ResponseId, ItemId, text), cancellationToken, () =>
        {
            _text += text;
            if (Audio)
            {
                _segments.Add(new SpokenSegment(_audioMs, 0, _text.Length));
            }
        }).ConfigureAwait(false);
        return SentenceStep.Speak;
    }

    /// <summary>Publishes a chunk of the current sentence's audio (paced), unless it was published already.</summary>
    public async Task AudioAsync(byte[] chunk, double durationMs, AudioFormat format, CancellationToken cancellationToken)
    {
        var index = _index++;
        var start = _audioMs;
        _audioMs += durationMs;
        if (_segments.Count > 0)
        {
            var last = _segments[^1];
            _segments[^1] = last with { AudioMs = _audioMs - last.AudioStartMs };
        }

        if (index < _restored.Published)
        {
            return;
        }

        await _pacer.WaitAsync(start, cancellationToken).ConfigureAwait(false);
        await _publisher.PublishAsync(
            _sessionId, DownlinkMessage.Audio(chunk, EventId(index), ResponseId, ItemId, format.ToLinkString()), cancellationToken).ConfigureAwait(false);
        if (!_audioSent)
        {
            _audioSent = true;
            _firstAudio?.Invoke();
        }

        SaveProgress();
    }

    public void EndSentence()
    {
        _sentences++;
        _sentencesIndex = _index;
        SaveProgress();
    }

    public Task FlushProgressAsync() => _progress.FlushAsync();

    private async Task EventAsync(Func<string, byte[]> build, CancellationToken cancellationToken, Action? applied = null)
    {
        var index = _index++;
        if (index >= _restored.Published)
        {
            await _publisher.PublishAsync(_sessionId, DownlinkMessage.Event(build(EventId(index)), EventId(index), ResponseId), cancellationToken)
                .ConfigureAwait(false);
        }

        applied?.Invoke();
        SaveProgress();
    }

    private void SaveProgress()
    {
        if (_index <= _restored.Published)
        {
            return;
        }

        _progress.Update(new ResponseProgress(_index, _text, _sentences, _sentencesIndex, _audioMs, [.. _segments]));
    }

    private string EventId(int index) => $"{ResponseId}:{index}";
}
