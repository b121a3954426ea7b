using System.CommandLine;
using System.CommandLine.Parsing;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>
/// <c>VoiceAgent.LoadTest sessions</c>: concurrent voice sessions over the Realtime WebSocket API against running
/// gateways (<c>--gateway</c>) or a stack it starts itself (<c>--stack</c>), reporting turn latency and its breakdown.
/// </summary>
internal static class SessionsCommand
{
    public static Command Create()
    {
        var gateway = new Option<string[]>("--gateway") { Description = "Gateway base URLs, ws://host:port (comma-separated or repeated).", AllowMultipleArgumentsPerToken = true };
        var apiKey = new Option<string?>("--api-key") { Description = "The client key (Authorization: Bearer). With --stack: the key given to the gateways (default: a random one)." };
        var stack = new Option<bool>("--stack") { Description = "Start the whole stack through the AppHost's model (hosting testing API) and stop it at the end." };
        var mocks = new Option<string>("--mocks") { Description = "With --stack: mock model latencies, zero (the link alone) or realistic.", DefaultValueFactory = _ => MockProfiles.Zero };
        mocks.AcceptOnlyFromAmong(MockProfiles.Zero, MockProfiles.Realistic);
        var ttsEngine = new Option<string>("--tts-engine") { Description = "With --stack: the mock TTS engine (tone, espeak, auto).", DefaultValueFactory = _ => "tone" };
        ttsEngine.AcceptOnlyFromAmong("tone", "espeak", "auto");
        var answerSentences = new Option<int>("--answer-sentences") { Description = "With --stack: sentences per mock LLM answer (the answer's audio is paced at playback speed).", DefaultValueFactory = _ => 2 };
        var gateways = new Option<int?>("--gateways") { Description = "With --stack: gateway replicas (default: the AppHost's)." };
        var processors = new Option<int?>("--processors") { Description = "With --stack: processor replicas (default: the AppHost's)." };
        var sessions = new Option<int>("--sessions") { Description = "Concurrent sessions.", DefaultValueFactory = _ => 10 };
        var ramp = DurationOption("--ramp", "Sessions start spread evenly over this time; the window starts when all are configured.", "3s");
        var warmup = DurationOption("--warmup", "Load before the measured window (not counted), so that CPU figures are the steady state's, after JIT and tiering.", "0s");
        var duration = DurationOption("--duration", "The measured window: turns whose speech ends in it count (e.g. 30s, 2m).", "30s");
        var utterance = DurationOption("--utterance", "Speech per turn, streamed at real time in 20 ms frames.", "1.2s");
        var pause = DurationOption("--pause", "Silence between response.done and the next utterance.", "0s");
        var turnTimeout = DurationOption("--turn-timeout", "A turn without response.done after this long is an error.", "30s");
        var binaryInput = new Option<bool>("--binary-input") { Description = "Input audio as binary WebSocket frames instead of base64 input_audio_buffer.append." };
        var binaryOutput = new Option<bool>("--binary-output") { Description = "Output audio as binary frames (voiceagent.binary_output_audio) instead of base64 deltas." };
        var serverVad = new Option<bool>("--server-vad") { Description = "End turns by server VAD (trailing silence) instead of commit + response.create; latency counts from the last voiced frame." };
        var serviceLogLevel = new Option<string>("--service-log-level") { Description = "With --stack: the services' default log level (Logging__LogLevel__Default).", DefaultValueFactory = _ => "Warning" };
        serviceLogLevel.AcceptOnlyFromAmong("Trace", "Debug", "Information", "Warning", "Error", "Critical", "None");
        var stackLog = new Option<string?>("--stack-log") { Description = "With --stack: write every replica's output to this file at the end." };
        var json = new Option<bool>("--json") { Description = "Also print the result as a JSON object on a line starting 'json: '." };

        var command = new Command("sessions", "Concurrent voice sessions through the gateways: turn latency (commit -> first output audio) and its breakdown, errors, CPU per component.")
        {
            gateway, apiKey, stack, mocks, ttsEngine, answerSentences, gateways, processors, sessions, ramp, warmup, duration, utterance, pause,
            turnTimeout, binaryInput, binaryOutput, serverVad, serviceLogLevel, stackLog, json,
        };
        command.Validators.Add(result =>
        {
            var hasGateways = (result.GetValue(gateway) ?? []).Length > 0;
            if (hasGateways == result.GetValue(stack))
            {
                result.AddError("Give either --gateway ws://host:port[,...] (a running stack) or --stack.");
            }

            if (result.GetValue(sessions) < 1)
            {
                result.AddError("--sessions must be at least 1.");
            }
        });
        command.SetAction((result, token) =>
        {
            var settings = new SessionsSettings
            {
                Gateways = [.. (result.GetValue(gateway) ?? []).SelectMany(g => g.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Select(g => new Uri(g))],
                ApiKey = result.GetValue(apiKey),
                Stack = result.GetValue(stack),
                Mocks = result.GetValue(mocks)!,
                TtsEngine = result.GetValue(ttsEngine)!,
                AnswerSentences = Math.Max(1, result.GetValue(answerSentences)),
                GatewayReplicas = result.GetValue(gateways),
                ProcessorReplicas = result.GetValue(processors),
                Sessions = result.GetValue(sessions),
                Ramp = result.GetValue(ramp),
                Warmup = result.GetValue(warmup),
                Duration = result.GetValue(duration),
                Utterance = result.GetValue(utterance),
                Pause = result.GetValue(pause),
                TurnTimeout = result.GetValue(turnTimeout),
                BinaryInput = result.GetValue(binaryInput),
                BinaryOutput = result.GetValue(binaryOutput),
                ServerVad = result.GetValue(serverVad),
                ServiceLogLevel = result.GetValue(serviceLogLevel)!,
                StackLog = result.GetValue(stackLog),
                Json = result.GetValue(json),
            };
            return new SessionsRun(settings).RunAsync(token);
        });
        return command;
    }

    private static Option<TimeSpan> DurationOption(string name, string description, string defaultValue) =>
        new(name)
        {
            Description = $"{description} Default {defaultValue}.",
            DefaultValueFactory = _ => ParseDefault(defaultValue),
            CustomParser = Parse,
        };

    private static TimeSpan ParseDefault(string text) =>
        DurationText.TryParse(text, out var duration) ? duration : throw new ArgumentException($"'{text}' is not a duration (500ms, 5s, 2m).");

    private static TimeSpan Parse(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : string.Empty;
        if (DurationText.TryParse(text, out var duration))
        {
            return duration;
        }

        result.AddError($"'{text}' is not a duration: use 500ms, 5s, 2m or plain seconds.");
        return default;
    }
}
