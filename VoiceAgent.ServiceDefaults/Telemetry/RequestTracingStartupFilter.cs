using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>Puts <see cref="RequestTracingMiddleware"/> in front of the whole request pipeline.</summary>
internal sealed class RequestTracingStartupFilter(PathString[] untracedPaths) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) =>
        app =>
        {
            app.UseMiddleware<RequestTracingMiddleware>(untracedPaths);
            next(app);
        };
}
