namespace VoiceAgent.LoadTest.Probes;

/// <summary>The broker's managed memory as its GC probe reported it.</summary>
/// <param name="LiveBytes">Bytes in use on the GC heap (after a forced full collection: the live objects).</param>
/// <param name="HeapSizeBytes">The GC heap size after the last collection, free space between objects included.</param>
/// <param name="CommittedBytes">Memory the GC has committed from the operating system.</param>
/// <param name="Collections">Full (generation 2) collections so far.</param>
internal sealed record GcSnapshot(long LiveBytes, long HeapSizeBytes, long CommittedBytes, int Collections);
