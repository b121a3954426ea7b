namespace VoiceAgent.Grpc;

/// <summary>The outcome of a call: <c>grpc-status</c> and the decoded <c>grpc-message</c>.</summary>
public readonly record struct GrpcStatus(GrpcStatusCode StatusCode, string Detail = "")
{
    public static readonly GrpcStatus Ok = new(GrpcStatusCode.OK);

    /// <summary>The local exception behind a status made on this side (never sent on the wire).</summary>
    public Exception? DebugException { get; init; }

    public override string ToString() => Detail.Length == 0 ? StatusCode.ToString() : $"{StatusCode}: {Detail}";
}
