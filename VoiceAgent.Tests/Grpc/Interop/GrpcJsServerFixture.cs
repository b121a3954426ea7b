using System.Collections.Concurrent;
using System.Text.Json;

namespace VoiceAgent.Tests.Grpc.Interop;

/// <summary>Runs interop/grpc-js/server.mjs for a test class and collects the events it reports.</summary>
public sealed class GrpcJsServerFixture : IAsyncLifetime
{
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _cancelled = new(StringComparer.Ordinal);
    private NodeScript? _server;
    private Task? _pump;

    public Uri Address { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _server = NodeScript.Start("server.mjs");
        var first = await _server.Lines.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        using (var json = JsonDocument.Parse(first))
        {
            Address = new Uri($"http://127.0.0.1:{json.RootElement.GetProperty("port").GetInt32()}");
        }

        _pump = Task.Run(PumpEventsAsync);
    }

    /// <summary>Completes once the grpc-js server has seen the call tagged <paramref name="tag"/> cancelled.</summary>
    public Task CancellationObserved(string tag) => _cancelled.GetOrAdd(tag, static _ => NewSignal()).Task;

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync().ConfigureAwait(false);
        }

        if (_pump is not null)
        {
            await _pump.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task PumpEventsAsync()
    {
        await foreach (var line in _server!.Lines.ReadAllAsync().ConfigureAwait(false))
        {
            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            if (root.TryGetProperty("event", out var kind) && kind.GetString() == "cancelled" && root.TryGetProperty("tag", out var tag))
            {
                _cancelled.GetOrAdd(tag.GetString() ?? string.Empty, static _ => NewSignal()).TrySetResult();
            }
        }
    }
}
