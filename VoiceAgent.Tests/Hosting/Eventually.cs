using System.Collections;

namespace VoiceAgent.Tests.Hosting;

/// <summary>Awaits a condition that only polling can observe (another process, /proc), with a timeout.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = await probe();
        while (!done(last))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {timeout.TotalSeconds} s waiting for {what}; last seen: {Describe(last)}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100));
            last = await probe();
        }

        return last;
    }

    private static string Describe(object? value) =>
        value is IEnumerable items and not string ? "[" + string.Join(", ", items.Cast<object>()) + "]" : value?.ToString() ?? "null";

    public static Task<T> GetAsync<T>(Func<T> probe, Func<T, bool> done, TimeSpan timeout, string what) =>
        GetAsync(() => Task.FromResult(probe()), done, timeout, what);
}
