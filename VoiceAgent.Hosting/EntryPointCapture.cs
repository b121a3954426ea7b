namespace VoiceAgent.Hosting;

/// <summary>
/// Lets the testing API run an AppHost's entry point up to <c>builder.Build()</c>: while a capture is active in
/// the current async flow, <see cref="DistributedApplication.CreateBuilder(string[])"/> applies the test's options
/// and <c>Build()</c> hands the builder over and unwinds the entry point instead of building.
/// </summary>
internal sealed class EntryPointCapture(Action<DistributedApplicationOptions> configureOptions)
{
    private static readonly AsyncLocal<EntryPointCapture?> CurrentCapture = new();

    public static EntryPointCapture? Current
    {
        get => CurrentCapture.Value;
        set => CurrentCapture.Value = value;
    }

    public Action<DistributedApplicationOptions> ConfigureOptions { get; } = configureOptions;

    public TaskCompletionSource<DistributedApplicationBuilder> Builder { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
}
