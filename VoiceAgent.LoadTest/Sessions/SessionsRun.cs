using System.Diagnostics;
using VoiceAgent.LoadTest.Measurement;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>
/// One run of <c>sessions</c>: (start the stack,) ramp the sessions up, measure a window of turns, let the turns in
/// flight finish, and print one result line: turns, turn latency and its breakdown, errors, CPU per component.
/// </summary>
internal sealed class SessionsRun(SessionsSettings settings)
{
    private static readonly TimeSpan StackStartTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan SettleTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan DrainMargin = TimeSpan.FromSeconds(15);
    private const string LoadKey = "load";
    private static readonly TurnStage[] Stages = Enum.GetValues<TurnStage>();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        StackHost? stack = null;
        if (settings.Stack)
        {
            using var startTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            startTimeout.CancelAfter(StackStartTimeout);
            var starting = Stopwatch.GetTimestamp();
            stack = await StackHost.StartAsync(settings, startTimeout.Token).ConfigureAwait(false);
            Console.Error.WriteLine($"sessions: stack healthy in {Stopwatch.GetElapsedTime(starting).TotalSeconds:F1} s; gateways {string.Join(", ", stack.Target.Gateways)}");
        }

        try
        {
            var target = stack?.Target ?? new SessionTarget(settings.Gateways, settings.ApiKey);
            var line = await MeasureAsync(target, stack, cancellationToken).ConfigureAwait(false);
            line.Print(settings.Json);
            return 0;
        }
        finally
        {
            if (stack is not null)
            {
                if (settings.StackLog is { } path)
                {
                    await stack.WriteLogsAsync(path).ConfigureAwait(false);
                }

                await stack.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private async Task<ResultLine> MeasureAsync(SessionTarget target, StackHost? stack, CancellationToken cancellationToken)
    {
        var audio = SpeechAudio.Create(settings.Utterance, settings.ServerVad ? TimeSpan.FromMilliseconds(800) : TimeSpan.Zero);
        var metrics = new SessionMetrics();
        var clock = new RunClock(settings.Sessions);
        using var abort = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var sessions = new List<Task>(settings.Sessions);
        var rampStart = Stopwatch.GetTimestamp();
        for (var i = 0; i < settings.Sessions; i++)
        {
            var due = (settings.Ramp * i / settings.Sessions) - Stopwatch.GetElapsedTime(rampStart);
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, cancellationToken).ConfigureAwait(false);
            }

            var session = new RealtimeSession(i, target, settings, audio, metrics, clock);
            sessions.Add(Task.Run(() => session.RunAsync(abort.Token), CancellationToken.None));
        }

        await clock.AllReady.WaitAsync(settings.Ramp + SettleTimeout, cancellationToken).ConfigureAwait(false);
        var connected = settings.Sessions - metrics.ConnectFailures;
        if (settings.Warmup > TimeSpan.Zero)
        {
            await Task.Delay(settings.Warmup, cancellationToken).ConfigureAwait(false);
        }

        var processes = stack?.Processes() ?? [];
        var cpuBefore = MeasureCpu(processes);
        var loadBefore = ProcessStats.LoadAverage();
        var window = Stopwatch.GetTimestamp();
        clock.StartWindow();
        await Task.Delay(settings.Duration, cancellationToken).ConfigureAwait(false);
        clock.EndWindow();
        var seconds = Stopwatch.GetElapsedTime(window).TotalSeconds;
        var cpuAfter = MeasureCpu(processes);
        var loadAfter = ProcessStats.LoadAverage();

        // Turns in flight finish (their figures count when they were committed in the window).
        var drain = Task.WhenAll(sessions);
        if (await Task.WhenAny(drain, Task.Delay(settings.TurnTimeout + DrainMargin, cancellationToken)).ConfigureAwait(false) != drain)
        {
            Console.Error.WriteLine("sessions: some sessions did not finish; aborting them");
            await abort.CancelAsync().ConfigureAwait(false);
            await drain.WaitAsync(DrainMargin, CancellationToken.None).ConfigureAwait(false);
        }

        return Describe(metrics, connected, seconds, stack is not null, cpuBefore, cpuAfter, loadBefore, loadAfter);
    }

    private ResultLine Describe(
        SessionMetrics metrics,
        long connected,
        double seconds,
        bool stack,
        Dictionary<string, double> cpuBefore,
        Dictionary<string, double> cpuAfter,
        double loadBefore,
        double loadAfter)
    {
        var firstAudio = metrics.Stage(TurnStage.FirstAudio);
        var line = new ResultLine("sessions")
            .Add("target", stack ? "stack" : "gateway")
            .Add("mocks", stack ? settings.Mocks : "external")
            .Add("input", settings.BinaryInput ? "binary" : "base64")
            .Add("output", settings.BinaryOutput ? "binary" : "base64")
            .Add("turn_detection", settings.ServerVad ? "server_vad" : "manual")
            .Add("sessions", settings.Sessions)
            .Add("connected", connected)
            .Add("window_s", seconds, "F1")
            .Add("turns", metrics.Turns)
            .Add("turns_per_s", metrics.Turns / seconds, "F2")
            .Add("turn_p50_ms", firstAudio.Percentile(50), "F0")
            .Add("turn_p99_ms", firstAudio.Percentile(99), "F0");
        foreach (var stage in Stages)
        {
            var histogram = metrics.Stage(stage);
            var name = StageName(stage);
            line.Add($"{name}_p50_ms", histogram.Percentile(50), "F0").Add($"{name}_p99_ms", histogram.Percentile(99), "F0");
        }

        line.Add("setup_p50_ms", metrics.Setup.Percentile(50), "F0")
            .Add("setup_p99_ms", metrics.Setup.Percentile(99), "F0")
            .Add("errors", metrics.Errors)
            .Add("error_events", metrics.ErrorEvents)
            .Add("failed_responses", metrics.FailedResponses)
            .Add("turn_timeouts", metrics.TurnTimeouts)
            .Add("connect_failures", metrics.ConnectFailures)
            .Add("unexpected_closes", metrics.UnexpectedCloses)
            .Add("lost_seq", metrics.LostEvents)
            .Add("duplicate_seq", metrics.DuplicateEvents)
            .Add("reconnects", metrics.Reconnects);
        var stackCores = 0.0;
        foreach (var (component, after) in cpuAfter.Where(c => c.Key != LoadKey).OrderBy(c => c.Key, StringComparer.Ordinal))
        {
            var cores = (after - cpuBefore.GetValueOrDefault(component)) / seconds;
            stackCores += cores;
            line.Add($"{(component == "rocketmq" ? "broker" : component)}_cores", cores, "F2");
        }

        if (stack)
        {
            line.Add("stack_cores", stackCores, "F2");
        }

        line.Add("load_cores", (cpuAfter[LoadKey] - cpuBefore[LoadKey]) / seconds, "F2");

        return line.Add("loadavg_start", loadBefore, "F2").Add("loadavg_end", loadAfter, "F2");
    }

    /// <summary>
    /// CPU seconds per stack component (each replica with its descendants) and of this process alone: the stack's
    /// processes are this process's children, so its own figure must not include descendants.
    /// </summary>
    private static Dictionary<string, double> MeasureCpu(IReadOnlyList<(string Resource, int Pid)> processes)
    {
        var cpu = ProcessTreeCpu.Measure(processes);
        cpu[LoadKey] = ProcessStats.CpuSeconds(Environment.ProcessId);
        return cpu;
    }

    private static string StageName(TurnStage stage) => stage switch
    {
        TurnStage.Committed => "committed",
        TurnStage.Transcribed => "transcript",
        TurnStage.ResponseCreated => "created",
        TurnStage.FirstText => "first_text",
        TurnStage.FirstAudio => "first_audio",
        TurnStage.Done => "done",
        _ => stage.ToString(),
    };
}
