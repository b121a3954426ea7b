using System.Collections.Concurrent;
using System.Diagnostics;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>
/// Starts every child process from one dedicated thread that lives as long as the AppHost process.
/// Linux delivers PR_SET_PDEATHSIG when the thread that forked the child exits, not the process, and .NET
/// forks on the thread that calls <see cref="Process.Start()"/>: a thread-pool thread could retire and kill
/// children with it.
/// </summary>
internal sealed class ProcessLauncher
{
    private readonly BlockingCollection<LaunchRequest> _requests = [];

    private ProcessLauncher()
    {
        var thread = new Thread(Run) { IsBackground = true, Name = "VoiceAgent.Hosting process launcher" };
        thread.Start();
    }

    public static ProcessLauncher Shared { get; } = new();

    public Task<Process> StartAsync(ProcessStartInfo startInfo)
    {
        var request = new LaunchRequest(startInfo);
        _requests.Add(request);
        return request.Completion.Task;
    }

    private void Run()
    {
        foreach (var request in _requests.GetConsumingEnumerable())
        {
            try
            {
                var process = new Process { StartInfo = request.StartInfo };
                process.Start();
                request.Completion.SetResult(process);
            }
            catch (Exception exception)
            {
                request.Completion.SetException(exception);
            }
        }
    }

    private sealed class LaunchRequest(ProcessStartInfo startInfo)
    {
        public ProcessStartInfo StartInfo { get; } = startInfo;

        public TaskCompletionSource<Process> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
