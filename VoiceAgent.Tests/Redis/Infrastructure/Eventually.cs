using System.Diagnostics;

namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>Waits for a condition by polling it, failing with a message when it does not hold in time.</summary>
public static class Eventually
{
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        Exception? last = null;
        while (clock.Elapsed < timeout)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (Exception exception)
            {
                last = exception;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException($"Timed out after {timeout} waiting until {what}." + (last is null ? string.Empty : $" Last error: {last}"));
    }
}
