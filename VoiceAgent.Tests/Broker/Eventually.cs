namespace VoiceAgent.Tests.Broker;

/// <summary>Waits for a condition that becomes true on its own (timers, other processes), with a deadline.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, TimeSpan timeout, string? because = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Condition not met within {timeout}{(because is null ? string.Empty : ": " + because)}.");
            }

            await Task.Delay(25);
        }
    }
}
