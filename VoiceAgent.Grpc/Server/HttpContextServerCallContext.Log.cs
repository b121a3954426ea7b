using Microsoft.Extensions.Logging;

namespace VoiceAgent.Grpc;

internal sealed partial class HttpContextServerCallContext
{
    private static partial class Log
    {
        [LoggerMessage(1, LogLevel.Error, "gRPC handler for {Method} threw an exception")]
        public static partial void HandlerFailed(ILogger logger, Exception exception, string method);

        [LoggerMessage(2, LogLevel.Debug, "gRPC call {Method} ended with {StatusCode}: {Detail}")]
        public static partial void RpcError(ILogger logger, string method, GrpcStatusCode statusCode, string detail);

        [LoggerMessage(3, LogLevel.Debug, "gRPC call {Method} passed its deadline")]
        public static partial void DeadlineExceeded(ILogger logger, string method);

        [LoggerMessage(4, LogLevel.Debug, "gRPC call {Method} was cancelled by the client")]
        public static partial void CallCancelled(ILogger logger, string method);

        [LoggerMessage(5, LogLevel.Debug, "Ignoring the invalid grpc-timeout '{Timeout}' of {Method}")]
        public static partial void InvalidTimeout(ILogger logger, string timeout, string method);

        [LoggerMessage(6, LogLevel.Debug, "gRPC call {Method} ended: a request message did not arrive within {Timeout}")]
        public static partial void ReceiveTimedOut(ILogger logger, string method, TimeSpan timeout);

        [LoggerMessage(7, LogLevel.Debug, "gRPC handler for {Method} threw an exception that ExceptionToStatus mapped to {StatusCode}")]
        public static partial void HandlerExceptionMapped(ILogger logger, Exception exception, string method, GrpcStatusCode statusCode);
    }
}
