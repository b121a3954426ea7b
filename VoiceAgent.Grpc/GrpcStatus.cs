namespace VoiceAgent.Grpc;

/// <summary>The outcome of a call: <c>grpc-status</c> and the decoded <c>grpc-message</c>.</summary>
public readonly record struct GrpcStatus(GrpcStatusCode StatusCode, string Detail = "")
{
    public static readonly GrpcStatus Ok = new(GrpcStatusCode.OK);

    public override string ToString() => Detail.Length == 0 ? StatusCode.ToString() : $"{StatusCode}: {Detail}";
}
