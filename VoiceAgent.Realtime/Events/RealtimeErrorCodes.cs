namespace VoiceAgent.Realtime.Events;

/// <summary>Values of <c>error.code</c> that VoiceAgent sends.</summary>
public static class RealtimeErrorCodes
{
    /// <summary>The frame is not valid UTF-8 JSON, or not a JSON object.</summary>
    public const string InvalidJson = "invalid_json";

    /// <summary>A field has a value outside what is allowed (also an unknown event <c>type</c>, with <c>param: "type"</c>).</summary>
    public const string InvalidValue = "invalid_value";

    /// <summary>A field has the wrong JSON type.</summary>
    public const string InvalidType = "invalid_type";

    /// <summary>A required field is missing.</summary>
    public const string MissingRequiredParameter = "missing_required_parameter";

    /// <summary>Audio that does not fit the session's input format (e.g. odd PCM16 byte count, bad base64).</summary>
    public const string InvalidAudio = "invalid_audio";

    /// <summary><c>input_audio_buffer.commit</c> with too little audio in the buffer.</summary>
    public const string InputAudioBufferCommitEmpty = "input_audio_buffer_commit_empty";

    /// <summary><c>response.cancel</c> with no response in progress.</summary>
    public const string ResponseCancelNotActive = "response_cancel_not_active";

    /// <summary>The resume token is forged, expired or for another session (close code 4001).</summary>
    public const string InvalidResumeToken = "invalid_resume_token";

    /// <summary><c>last_seq</c> is older than the replay window; delivery restarts at the oldest retained event.</summary>
    public const string ResumeWindowExceeded = "resume_window_exceeded";

    /// <summary>Another connection took this session over (close code 4009).</summary>
    public const string SessionTakenOver = "session_taken_over";

    /// <summary>A frame larger than the gateway accepts (close code 1009).</summary>
    public const string FrameTooLarge = "frame_too_large";

    /// <summary>More events per second than the gateway accepts (close code 1008).</summary>
    public const string RateLimitExceeded = "rate_limit_exceeded";

    /// <summary>The gateway holds as many sessions as it may (close code 1013).</summary>
    public const string ServerBusy = "server_busy";

    /// <summary>The client read events too slowly (close code 4008); the events are kept for resume.</summary>
    public const string SlowConsumer = "slow_consumer";

    /// <summary>No frame from the client for the idle timeout.</summary>
    public const string IdleTimeout = "idle_timeout";

    /// <summary>The broker did not take the event (close code 1011).</summary>
    public const string UplinkUnavailable = "uplink_unavailable";

    /// <summary>A model provider failed.</summary>
    public const string ProviderError = "provider_error";
}
