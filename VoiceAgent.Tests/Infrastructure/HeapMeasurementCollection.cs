namespace VoiceAgent.Tests.Infrastructure;

/// <summary>
/// Tests that read the process-wide GC heap: xunit runs this collection on its own after the parallel ones, so other
/// tests' allocations do not count against the figure being measured.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HeapMeasurementCollection
{
    public const string Name = "heap measurement";
}
