namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>
/// Healthy when a TCP connection to the endpoint succeeds and, if <see cref="Request"/> is set, the reply to it
/// starts with <see cref="ExpectedReply"/> (e.g. Redis: <c>PING\r\n</c> answered by <c>+PONG</c>).
/// </summary>
public sealed class TcpHealthCheckAnnotation(string endpointName, string? request = null, string? expectedReply = null)
    : HealthCheckAnnotation(endpointName)
{
    /// <summary>Bytes (ASCII) sent after connecting, or null to only connect.</summary>
    public string? Request { get; } = request;

    /// <summary>The prefix the reply must start with.</summary>
    public string? ExpectedReply { get; } = expectedReply;
}
