using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace VoiceAgent.Tests.ServiceDefaults;

/// <summary>
/// A real Kestrel server on 127.0.0.1 and a free port that answers its n-th request with the n-th step of a
/// script (then with <see cref="Fallback"/>), and records every request it received.
/// </summary>
internal sealed class ScriptedHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<HttpContext, Task>[] _steps;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<RecordedRequest>> _arrivals = new();
    private int _count;

    private ScriptedHttpServer(WebApplication app, Func<HttpContext, Task>[] steps)
    {
        _app = app;
        _steps = steps;
    }

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The answer once the script is exhausted; may be swapped while the server runs.</summary>
    public Func<HttpContext, Task> Fallback { get; set; } = Respond.Text("fallback");

    public int RequestCount => Volatile.Read(ref _count);

    /// <summary>Whether requests are kept for <see cref="Requests"/> and <see cref="WaitForRequestAsync"/> (default); a long-running server turns it off.</summary>
    public bool RecordRequests { get; set; } = true;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    public static async Task<ScriptedHttpServer> StartAsync(params Func<HttpContext, Task>[] steps) =>
        await StartAsync(HttpProtocols.Http1AndHttp2, steps);

    public static async Task<ScriptedHttpServer> StartAsync(HttpProtocols protocols, params Func<HttpContext, Task>[] steps)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.Protocols = protocols));
        var app = builder.Build();
        var server = new ScriptedHttpServer(app, steps);
        app.Run(server.HandleAsync);
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        server.BaseAddress = new Uri(address);
        return server;
    }

    /// <summary>Waits until the server has received its <paramref name="number"/>-th request (1-based).</summary>
    public Task<RecordedRequest> WaitForRequestAsync(int number) =>
        Arrival(number).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public async ValueTask DisposeAsync()
    {
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            await _app.StopAsync(stopping.Token);
        }

        await _app.DisposeAsync();
    }

    private TaskCompletionSource<RecordedRequest> Arrival(int number) =>
        _arrivals.GetOrAdd(number, static _ => new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously));

    private async Task HandleAsync(HttpContext context)
    {
        var number = Interlocked.Increment(ref _count);
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var recorded = new RecordedRequest(
            number,
            context.Request.Method,
            context.Request.Path + context.Request.QueryString,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body.ToArray(),
            Stopwatch.GetTimestamp());
        context.Items[typeof(RecordedRequest)] = recorded;
        if (RecordRequests)
        {
            _requests.Enqueue(recorded);
            Arrival(number).TrySetResult(recorded);
        }

        var step = number <= _steps.Length ? _steps[number - 1] : Fallback;
        await step(context);
    }
}

/// <summary>One request as the scripted server received it.</summary>
internal sealed record RecordedRequest(int Number, string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, byte[] Body, long Timestamp)
{
    /// <summary>The record of the request being answered.</summary>
    public static RecordedRequest Of(HttpContext context) => (RecordedRequest)context.Items[typeof(RecordedRequest)]!;
}

/// <summary>Ways a scripted server can answer (or fail to).</summary>
internal static class Respond
{
    public static Func<HttpContext, Task> Status(int statusCode, params (string Name, string Value)[] headers) =>
        context =>
        {
            context.Response.StatusCode = statusCode;
            foreach (var (name, value) in headers)
            {
                context.Response.Headers[name] = value;
            }

            return context.Response.WriteAsync($"status {statusCode}");
        };

    public static Func<HttpContext, Task> Text(string text) => context => context.Response.WriteAsync(text);

    /// <summary>Never answers; completes <paramref name="aborted"/> when the client gives up on the request.</summary>
    public static Func<HttpContext, Task> Hang(TaskCompletionSource? aborted = null) =>
        async context =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                aborted?.TrySetResult();
            }
        };

    /// <summary>Drops the connection without a response.</summary>
    public static Func<HttpContext, Task> CloseConnection() =>
        context =>
        {
            context.Abort();
            return Task.CompletedTask;
        };
}
