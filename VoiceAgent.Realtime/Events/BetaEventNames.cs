namespace VoiceAgent.Realtime.Events;

/// <summary>
/// The beta names of the server events the GA API renamed (the dialect of <c>OpenAI-Beta: realtime=v1</c> clients
/// and Qwen-Omni-Realtime), and the mapping both ways. Client event names are the same in both dialects.
/// </summary>
public static class BetaEventNames
{
    public const string ResponseTextDelta = "response.text.delta";
    public const string ResponseTextDone = "response.text.done";
    public const string ResponseAudioTranscriptDelta = "response.audio_transcript.delta";
    public const string ResponseAudioTranscriptDone = "response.audio_transcript.done";
    public const string ResponseAudioDelta = "response.audio.delta";
    public const string ResponseAudioDone = "response.audio.done";
    public const string ConversationItemCreated = "conversation.item.created";

    /// <summary>The beta name of a GA server event, or the GA name itself when it was not renamed.</summary>
    public static string ToBeta(string gaType) => gaType switch
    {
        RealtimeEventTypes.ResponseOutputTextDelta => ResponseTextDelta,
        RealtimeEventTypes.ResponseOutputTextDone => ResponseTextDone,
        RealtimeEventTypes.ResponseOutputAudioTranscriptDelta => ResponseAudioTranscriptDelta,
        RealtimeEventTypes.ResponseOutputAudioTranscriptDone => ResponseAudioTranscriptDone,
        RealtimeEventTypes.ResponseOutputAudioDelta => ResponseAudioDelta,
        RealtimeEventTypes.ResponseOutputAudioDone => ResponseAudioDone,
        RealtimeEventTypes.ConversationItemAdded => ConversationItemCreated,
        _ => gaType,
    };

    /// <summary>The GA name of a beta server event, or the name itself when it was not renamed.</summary>
    public static string ToGa(string betaType) => betaType switch
    {
        ResponseTextDelta => RealtimeEventTypes.ResponseOutputTextDelta,
        ResponseTextDone => RealtimeEventTypes.ResponseOutputTextDone,
        ResponseAudioTranscriptDelta => RealtimeEventTypes.ResponseOutputAudioTranscriptDelta,
        ResponseAudioTranscriptDone => RealtimeEventTypes.ResponseOutputAudioTranscriptDone,
        ResponseAudioDelta => RealtimeEventTypes.ResponseOutputAudioDelta,
        ResponseAudioDone => RealtimeEventTypes.ResponseOutputAudioDone,
        ConversationItemCreated => RealtimeEventTypes.ConversationItemAdded,
        _ => betaType,
    };
}
