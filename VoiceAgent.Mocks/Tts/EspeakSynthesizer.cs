using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Options;
using VoiceAgent.Mocks.Audio;
using VoiceAgent.Mocks.Options;

namespace VoiceAgent.Mocks.Tts;

/// <summary>
/// Real speech from the espeak-ng command (<c>espeak-ng --stdout</c> writes a 22050 Hz WAV), resampled to
/// 24 kHz. The text goes through standard input, never the command line. A few processes run at a time so that
/// a burst of requests cannot fork the machine to its knees.
/// </summary>
internal sealed class EspeakSynthesizer(IOptionsMonitor<MockOptions> options) : IDisposable
{
    private const int NormalWordsPerMinute = 175;

    private readonly ConcurrentDictionary<string, string?> _executables = new();
    private readonly SemaphoreSlim _processes = new(Math.Max(2, Environment.ProcessorCount * 2));

    /// <summary>The espeak-ng executable the configuration names, or null when it is not installed.</summary>
    public string? Executable => _executables.GetOrAdd(options.CurrentValue.Tts.EspeakPath, FindExecutable);

    public async Task<PcmSpeech> SynthesizeAsync(string text, string voice, double speed, CancellationToken cancellationToken)
    {
        var executable = Executable
            ?? throw new SpeechEngineException($"espeak-ng ({options.CurrentValue.Tts.EspeakPath}) is not installed.");
        var wordsPerMinute = (int)Math.Clamp(Math.Round(NormalWordsPerMinute * speed), 80, 450);
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardInputEncoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
            ArgumentList =
            {
                "--stdout", "--stdin", "-b", "1",
                "-v", EspeakVoices.For(voice),
                "-s", wordsPerMinute.ToString(CultureInfo.InvariantCulture),
            },
        };

        await _processes.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var process = Start(startInfo);
            try
            {
                var stdout = new MemoryStream();
                var reading = process.StandardOutput.BaseStream.CopyToAsync(stdout, cancellationToken);
                var errors = process.StandardError.ReadToEndAsync(cancellationToken);
                await process.StandardInput.WriteAsync(text.AsMemory(), cancellationToken).ConfigureAwait(false);
                process.StandardInput.Close();
                await reading.ConfigureAwait(false);
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
                if (process.ExitCode != 0)
                {
                    throw new SpeechEngineException($"espeak-ng exited with code {process.ExitCode}: {(await errors.ConfigureAwait(false)).Trim()}");
                }

                var wav = WavFile.Read(stdout.GetBuffer().AsSpan(0, (int)stdout.Length));
                return new PcmSpeech(Resampler.Resample(wav.Samples, wav.SampleRate, ISpeechAudio.SampleRate));
            }
            catch (WavFormatException e)
            {
                throw new SpeechEngineException($"espeak-ng wrote audio the mock cannot read: {e.Message}");
            }
            catch
            {
                // Cancelled or broken: do not leave espeak-ng running.
                Kill(process);
                throw;
            }
        }
        finally
        {
            _processes.Release();
        }
    }

    public void Dispose() => _processes.Dispose();

    private static Process Start(ProcessStartInfo startInfo)
    {
        try
        {
            return Process.Start(startInfo) ?? throw new SpeechEngineException($"Could not start {startInfo.FileName}.");
        }
        catch (Win32Exception e)
        {
            throw new SpeechEngineException($"Could not start {startInfo.FileName}: {e.Message}");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It has already exited.
        }
    }

    private static string? FindExecutable(string configured)
    {
        if (configured.Contains(Path.DirectorySeparatorChar))
        {
            return File.Exists(configured) ? Path.GetFullPath(configured) : null;
        }

        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, configured);
            if (File.Exists(candidate) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(candidate) & UnixFileMode.UserExecute) != 0))
            {
                return candidate;
            }
        }

        return null;
    }
}
