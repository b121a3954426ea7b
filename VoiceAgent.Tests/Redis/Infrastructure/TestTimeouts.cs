namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>Generous limits for awaits, for a loaded two-core machine.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The connection string with a 20 s command timeout (the client's default is 5 s): the whole suite shares a busy
    /// two-core machine, and tests that are not about timeouts must not fail because the box was slow for a moment.
    /// </summary>
    public static string Relaxed(string connectionString) => connectionString + ",syncTimeout=20000";
}
