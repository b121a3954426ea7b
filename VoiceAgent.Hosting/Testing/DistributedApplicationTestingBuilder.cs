using System.Reflection;
using System.Runtime.ExceptionServices;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Testing;

/// <summary>
/// Creates applications for end-to-end tests, from an AppHost's own model (its entry point runs up to
/// <c>builder.Build()</c>) or from an empty one. Test applications serve the resource API on a free port, take
/// free ports for every endpoint, and leave the console to the test runner, so tests can run in parallel.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>Runs the entry point of the assembly that defines <typeparamref name="TEntryPoint"/> (e.g. <c>Projects.VoiceAgent_AppHost</c>) and captures its model.</summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(CancellationToken cancellationToken = default)
        where TEntryPoint : class =>
        CreateAsync(typeof(TEntryPoint), [], configureOptions: null, cancellationToken);

    /// <summary>As <see cref="CreateAsync{TEntryPoint}(CancellationToken)"/>, passing <paramref name="args"/> to the entry point.</summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(string[] args, CancellationToken cancellationToken = default)
        where TEntryPoint : class =>
        CreateAsync(typeof(TEntryPoint), args, configureOptions: null, cancellationToken);

    /// <summary>As <see cref="CreateAsync{TEntryPoint}(CancellationToken)"/>, with arguments and options (timings, grace period).</summary>
    public static Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(
        string[] args,
        Action<DistributedApplicationOptions> configureOptions,
        CancellationToken cancellationToken = default)
        where TEntryPoint : class =>
        CreateAsync(typeof(TEntryPoint), args, configureOptions, cancellationToken);

    /// <summary>Runs the entry point of <paramref name="entryPointType"/>'s assembly and captures its model.</summary>
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync(
        Type entryPointType,
        string[] args,
        Action<DistributedApplicationOptions>? configureOptions,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entryPointType);
        var entryPoint = entryPointType.Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{entryPointType.Assembly.GetName().Name} has no entry point; pass a type of the AppHost assembly.");
        var capture = new EntryPointCapture(options => ConfigureForTesting(options, configureOptions));
        var run = Task.Run(() => RunEntryPointAsync(entryPoint, args, capture), cancellationToken);

        var first = await Task.WhenAny(capture.Builder.Task, run).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (first == run && !capture.Builder.Task.IsCompleted)
        {
            await run.ConfigureAwait(false);
            throw new InvalidOperationException($"The entry point of {entryPointType.Assembly.GetName().Name} returned without calling builder.Build().");
        }

        var builder = await capture.Builder.Task.ConfigureAwait(false);

        // The AppHost's fixed ports would collide between tests running side by side: every endpoint gets a free port.
        foreach (var endpoint in builder.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()))
        {
            endpoint.Port = null;
        }

        return new TestingBuilder(builder);
    }

    /// <summary>An empty model for tests that declare their own resources.</summary>
    public static IDistributedApplicationTestingBuilder Create(params string[] args) => Create(configureOptions: null, args);

    /// <summary>An empty model with options (timings, grace period) for tests that declare their own resources.</summary>
    public static IDistributedApplicationTestingBuilder Create(Action<DistributedApplicationOptions>? configureOptions, params string[] args)
    {
        var options = new DistributedApplicationOptions { Args = args };
        ConfigureForTesting(options, configureOptions);
        return new TestingBuilder(new DistributedApplicationBuilder(options));
    }

    private static void ConfigureForTesting(DistributedApplicationOptions options, Action<DistributedApplicationOptions>? configureOptions)
    {
        options.IsTesting = true;
        options.ResourceApiUrl = "http://127.0.0.1:0";
        options.WriteResourceOutputToConsole = false;
        options.PrintResourceTable = false;
        configureOptions?.Invoke(options);
    }

    private static async Task RunEntryPointAsync(MethodInfo entryPoint, string[] args, EntryPointCapture capture)
    {
        EntryPointCapture.Current = capture;
        try
        {
            var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? null : [args]);
            if (result is Task task)
            {
                await task.ConfigureAwait(false);
            }
        }
        catch (TargetInvocationException exception) when (exception.InnerException is EntryPointCapturedException)
        {
            // Build() was reached: the builder is captured.
        }
        catch (TargetInvocationException exception) when (exception.InnerException is not null)
        {
            ExceptionDispatchInfo.Throw(exception.InnerException);
        }
        catch (EntryPointCapturedException)
        {
            // An async entry point reached Build().
        }
    }
}
