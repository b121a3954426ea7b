using VoiceAgent.LoadTest.Probes;

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS</c>): the load test loads its own assembly into the broker
/// process it starts so that the unchanged broker answers GC probes (forced collection, then heap size).
/// The runtime requires this exact type name, outside any namespace.
/// </summary>
internal static class StartupHook
{
    public static void Initialize() => GcProbeServer.StartFromEnvironment();
}
