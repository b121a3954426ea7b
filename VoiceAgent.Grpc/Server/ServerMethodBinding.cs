using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace VoiceAgent.Grpc;

/// <summary>One method of a service definition, able to make the request delegate that serves it.</summary>
internal abstract class ServerMethodBinding
{
    public abstract string FullName { get; }

    public abstract string ServiceName { get; }

    public abstract RequestDelegate CreateRequestDelegate(IServiceProvider services);
}

internal sealed class ServerMethodBinding<TRequest, TResponse>(Method<TRequest, TResponse> method, Delegate handler) : ServerMethodBinding
{
    public override string FullName => method.FullName;

    public override string ServiceName => method.ServiceName;

    public override RequestDelegate CreateRequestDelegate(IServiceProvider services)
    {
        var options = services.GetRequiredService<IOptions<GrpcServerOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(ServerCallHandler.LoggerCategory);
        var callHandler = new ServerCallHandler<TRequest, TResponse>(method, handler, options, logger);
        return callHandler.HandleCallAsync;
    }
}
