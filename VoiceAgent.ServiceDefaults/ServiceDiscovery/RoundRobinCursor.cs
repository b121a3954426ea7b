namespace VoiceAgent.ServiceDefaults.ServiceDiscovery;

/// <summary>A lock-free round-robin position over a list whose length may change when configuration reloads.</summary>
internal sealed class RoundRobinCursor
{
    private uint _next = uint.MaxValue;

    public int Next(int count) => (int)(Interlocked.Increment(ref _next) % (uint)count);
}
