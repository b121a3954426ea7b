namespace VoiceAgent.Gateway.Connections;

/// <summary>The WebSocket close codes the gateway uses (README: close codes).</summary>
internal static class CloseCodes
{
    public const int Normal = 1000;
    public const int GoingAway = 1001;

    /// <summary>Never sent: recorded (metric, log) for a connection dropped without a close handshake.</summary>
    public const int AbnormalClosure = 1006;

    public const int PolicyViolation = 1008;
    public const int MessageTooBig = 1009;
    public const int InternalError = 1011;
    public const int ServiceRestart = 1012;
    public const int TryAgainLater = 1013;
    public const int InvalidResumeToken = 4001;
    public const int SlowConsumer = 4008;
    public const int TakenOver = 4009;
}
