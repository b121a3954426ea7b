namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>Generous limits for awaits, for a loaded two-core machine.</summary>
public static class TestTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);
}
