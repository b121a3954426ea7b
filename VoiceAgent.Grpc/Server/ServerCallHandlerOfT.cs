using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Grpc;

/// <summary>Serves one method: reads the request messages, runs the handler and ends the call with its status.</summary>
internal sealed class ServerCallHandler<TRequest, TResponse>(
    Method<TRequest, TResponse> method,
    Delegate handler,
    GrpcServerOptions options,
    ILogger logger)
{
    public async Task HandleCallAsync(HttpContext httpContext)
    {
        if (!ServerCallHandler.TryAcceptRequest(httpContext))
        {
            return;
        }

        var started = Stopwatch.GetTimestamp();
        using var call = new HttpContextServerCallContext(httpContext, method.FullName, options, logger);
        call.Initialize(method.Type is MethodType.Unary or MethodType.ServerStreaming);
        try
        {
            await RunHandlerAsync(call).ConfigureAwait(false);
            await call.EndCallAsync().ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            await call.EndCallAsync(ex).ConfigureAwait(false);
        }

        GrpcMetrics.RecordServerCall(method.ServiceName, method.Name, call.FinalStatusCode, started);
    }

    private async Task RunHandlerAsync(HttpContextServerCallContext call)
    {
        var requestMarshaller = method.RequestMarshaller;
        var responseMarshaller = method.ResponseMarshaller;
        switch (method.Type)
        {
            case MethodType.Unary:
            {
                var request = await call.ReadSingleMessageAsync(requestMarshaller).ConfigureAwait(false);
                var response = await ((UnaryServerMethod<TRequest, TResponse>)handler)(request, call).ConfigureAwait(false);
                await call.WriteMessageAsync(responseMarshaller, response, flush: false, CancellationToken.None).ConfigureAwait(false);
                break;
            }

            case MethodType.ServerStreaming:
            {
                var request = await call.ReadSingleMessageAsync(requestMarshaller).ConfigureAwait(false);
                var writer = new ServerResponseStreamWriter<TResponse>(call, responseMarshaller);
                await ((ServerStreamingServerMethod<TRequest, TResponse>)handler)(request, writer, call).ConfigureAwait(false);
                break;
            }

            case MethodType.ClientStreaming:
            {
                var reader = new ServerRequestStreamReader<TRequest>(call, requestMarshaller);
                var response = await ((ClientStreamingServerMethod<TRequest, TResponse>)handler)(reader, call).ConfigureAwait(false);
                await call.WriteMessageAsync(responseMarshaller, response, flush: false, CancellationToken.None).ConfigureAwait(false);
                break;
            }

            case MethodType.DuplexStreaming:
            {
                var reader = new ServerRequestStreamReader<TRequest>(call, requestMarshaller);
                var writer = new ServerResponseStreamWriter<TResponse>(call, responseMarshaller);
                await ((DuplexStreamingServerMethod<TRequest, TResponse>)handler)(reader, writer, call).ConfigureAwait(false);
                break;
            }

            default:
                throw new InvalidOperationException($"Unknown method type {method.Type}.");
        }
    }
}
