using System.Diagnostics;

namespace VoiceAgent.LoadTest.Broker;

/// <summary>Polls a condition until it holds or a timeout passes.</summary>
internal static class Eventually
{
    public static async Task HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!await condition().ConfigureAwait(false))
        {
            if (Stopwatch.GetTimestamp() > deadline)
            {
                throw new TimeoutException($"Gave up after {timeout.TotalSeconds:F0} s waiting until {what}.");
            }

            await Task.Delay(50, cancellationToken).ConfigureAwait(false);
        }
    }
}
