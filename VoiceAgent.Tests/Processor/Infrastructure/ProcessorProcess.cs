using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>
/// The real processor as its own process (<c>dotnet VoiceAgent.Processor.dll</c> from the test's output), configured
/// by environment variables, so that a test can kill it without warning (<see cref="Kill"/>: SIGKILL).
/// </summary>
public sealed partial class ProcessorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ProcessorProcess(IReadOnlyDictionary<string, string?> settings)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "VoiceAgent.Processor.dll"));
        startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Production";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        startInfo.Environment["Logging__LogLevel__Default"] = "Warning";
        startInfo.Environment["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information";
        foreach (var (key, value) in settings)
        {
            if (value is not null)
            {
                startInfo.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
            }
        }

        _process = new Process { StartInfo = startInfo };
        _process.OutputDataReceived += (_, e) => OnLine(e.Data);
        _process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Starts the processor and waits until its readiness check (the uplink consumer runs) passes.</summary>
    public static async Task<ProcessorProcess> StartAsync(IReadOnlyDictionary<string, string?> settings)
    {
        var processor = new ProcessorProcess(settings);
        try
        {
            var address = await processor._listening.Task.WaitAsync(TimeSpan.FromSeconds(90));
            using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(10) };
            await Waiting.UntilAsync(
                async () =>
                {
                    try
                    {
                        using var response = await http.GetAsync("health");
                        return response.IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                TimeSpan.FromSeconds(90),
                "the processor process is ready");
        }
        catch (Exception e)
        {
            var output = processor.Output;
            await processor.DisposeAsync();
            throw new InvalidOperationException($"The processor process did not become ready:\n{output}", e);
        }

        return processor;
    }

    /// <summary>Kills the process at once (SIGKILL): no shutdown, no lease handed off.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }

        if (ListeningLine().Match(line) is { Success: true } match)
        {
            _listening.TrySetResult(new Uri(match.Groups[1].Value.TrimEnd('/') + "/"));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();
}
