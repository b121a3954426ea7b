namespace VoiceAgent.Realtime.Events;

/// <summary>Values of <c>error.type</c>.</summary>
public static class RealtimeErrorTypes
{
    /// <summary>The client sent something wrong.</summary>
    public const string InvalidRequest = "invalid_request_error";

    /// <summary>Something failed on the server's side (a provider, the broker).</summary>
    public const string Server = "server_error";
}
