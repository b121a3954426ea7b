namespace VoiceAgent.Grpc;

/// <summary>Per-call settings: request metadata, an absolute deadline (sent as <c>grpc-timeout</c>) and cancellation.</summary>
public readonly record struct CallOptions(
    Metadata? Headers = null,
    DateTime? Deadline = null,
    CancellationToken CancellationToken = default);
