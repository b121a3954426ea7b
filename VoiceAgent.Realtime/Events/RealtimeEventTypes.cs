namespace VoiceAgent.Realtime.Events;

/// <summary>The GA event type names of the OpenAI Realtime API that VoiceAgent speaks, plus its own extensions.</summary>
public static class RealtimeEventTypes
{
    // Client events
    public const string SessionUpdate = "session.update";
    public const string InputAudioBufferAppend = "input_audio_buffer.append";
    public const string InputAudioBufferCommit = "input_audio_buffer.commit";
    public const string InputAudioBufferClear = "input_audio_buffer.clear";
    public const string ResponseCreate = "response.create";
    public const string ResponseCancel = "response.cancel";
    public const string ConversationItemTruncate = "conversation.item.truncate";

    // Server events
    public const string SessionCreated = "session.created";
    public const string SessionUpdated = "session.updated";
    public const string InputAudioBufferSpeechStarted = "input_audio_buffer.speech_started";
    public const string InputAudioBufferSpeechStopped = "input_audio_buffer.speech_stopped";
    public const string InputAudioBufferCommitted = "input_audio_buffer.committed";
    public const string InputAudioBufferCleared = "input_audio_buffer.cleared";
    public const string InputAudioBufferTimeoutTriggered = "input_audio_buffer.timeout_triggered";
    public const string ConversationItemAdded = "conversation.item.added";
    public const string ConversationItemDone = "conversation.item.done";
    public const string ConversationItemTruncated = "conversation.item.truncated";
    public const string InputAudioTranscriptionDelta = "conversation.item.input_audio_transcription.delta";
    public const string InputAudioTranscriptionCompleted = "conversation.item.input_audio_transcription.completed";
    public const string InputAudioTranscriptionFailed = "conversation.item.input_audio_transcription.failed";
    public const string ResponseCreated = "response.created";
    public const string ResponseOutputItemAdded = "response.output_item.added";
    public const string ResponseOutputItemDone = "response.output_item.done";
    public const string ResponseContentPartAdded = "response.content_part.added";
    public const string ResponseContentPartDone = "response.content_part.done";
    public const string ResponseOutputTextDelta = "response.output_text.delta";
    public const string ResponseOutputTextDone = "response.output_text.done";
    public const string ResponseOutputAudioTranscriptDelta = "response.output_audio_transcript.delta";
    public const string ResponseOutputAudioTranscriptDone = "response.output_audio_transcript.done";
    public const string ResponseOutputAudioDelta = "response.output_audio.delta";
    public const string ResponseOutputAudioDone = "response.output_audio.done";
    public const string ResponseDone = "response.done";
    public const string RateLimitsUpdated = "rate_limits.updated";
    public const string Error = "error";

    // VoiceAgent extensions (server events)

    /// <summary>After a resume: the replay is under way; carries a fresh resume token.</summary>
    public const string SessionResumed = "session.resumed";

    /// <summary>The gateway is going away: reconnect (resume) elsewhere.</summary>
    public const string SessionReconnect = "session.reconnect";

    /// <summary>The client events VoiceAgent accepts, GA names.</summary>
    public static IReadOnlyList<string> ClientEvents { get; } =
    [
        SessionUpdate,
        InputAudioBufferAppend,
        InputAudioBufferCommit,
        InputAudioBufferClear,
        ResponseCreate,
        ResponseCancel,
        ConversationItemTruncate,
    ];

    /// <summary>
    /// Whether <paramref name="type"/> is a delta of a response's output (text, transcript or audio, GA or beta
    /// name): what the gateway drops for a cancelled response.
    /// </summary>
    public static bool IsResponseOutputDelta(string type) => type switch
    {
        ResponseOutputTextDelta or ResponseOutputAudioTranscriptDelta or ResponseOutputAudioDelta => true,
        BetaEventNames.ResponseTextDelta or BetaEventNames.ResponseAudioTranscriptDelta or BetaEventNames.ResponseAudioDelta => true,
        _ => false,
    };
}
