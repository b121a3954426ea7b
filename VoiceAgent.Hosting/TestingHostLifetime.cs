using Microsoft.Extensions.Hosting;

namespace VoiceAgent.Hosting;

/// <summary>Under the testing API the test, not Ctrl+C or SIGTERM of the test process, decides when the application stops.</summary>
internal sealed class TestingHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
