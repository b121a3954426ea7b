namespace VoiceAgent.LoadTest.Sessions;

/// <summary>What a turn reached, timed from the end of the user's speech (the commit, or the last voiced frame with server VAD).</summary>
internal enum TurnStage
{
    /// <summary><c>input_audio_buffer.committed</c>.</summary>
    Committed,

    /// <summary><c>conversation.item.input_audio_transcription.completed</c>.</summary>
    Transcribed,

    /// <summary><c>response.created</c>.</summary>
    ResponseCreated,

    /// <summary>The first <c>response.output_text.delta</c> or <c>response.output_audio_transcript.delta</c>.</summary>
    FirstText,

    /// <summary>The first <c>response.output_audio.delta</c> (or binary audio frame): the turn latency a user hears.</summary>
    FirstAudio,

    /// <summary><c>response.done</c>.</summary>
    Done,
}
