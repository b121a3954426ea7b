using VoiceAgent.Realtime.Audio;

namespace VoiceAgent.Realtime.Sessions;

/// <summary>
/// The <c>session</c> of a <c>session.update</c>, normalised to the GA shape: only what the client gave. Fields
/// that may be set to null (<c>turn_detection</c>, <c>transcription</c>, <c>max_output_tokens</c>) are
/// <see cref="Optional{T}"/>. <see cref="ApplyTo"/> merges it into the current configuration.
/// </summary>
public sealed record SessionUpdate
{
    public string? Model { get; init; }

    public IReadOnlyList<string>? OutputModalities { get; init; }

    public string? Instructions { get; init; }

    public AudioFormat? InputFormat { get; init; }

    /// <summary>A new transcription setting (null turns transcription off).</summary>
    public Optional<TranscriptionConfig?> Transcription { get; init; }

    /// <summary>Changes to turn detection (null switches to manual turns).</summary>
    public Optional<TurnDetectionUpdate?> TurnDetection { get; init; }

    public AudioFormat? OutputFormat { get; init; }

    public string? Voice { get; init; }

    public double? Speed { get; init; }

    /// <summary>A new token limit (null: no limit).</summary>
    public Optional<int?> MaxOutputTokens { get; init; }

    /// <summary><c>voiceagent.binary_output_audio</c>.</summary>
    public bool? BinaryOutputAudio { get; init; }

    /// <summary>Whether the client used the beta shape (flat fields such as <c>input_audio_format</c>, <c>modalities</c>).</summary>
    public bool UsesBetaShape { get; init; }

    /// <summary>The configuration with this update merged in.</summary>
    public SessionConfig ApplyTo(SessionConfig current)
    {
        ArgumentNullException.ThrowIfNull(current);
        var input = current.Audio.Input;
        input = input with
        {
            Format = InputFormat ?? input.Format,
            Transcription = Transcription.GetValueOrDefault(input.Transcription),
            TurnDetection = TurnDetection.HasValue
                ? TurnDetection.Value?.ApplyTo(input.TurnDetection)
                : input.TurnDetection,
        };
        var output = current.Audio.Output;
        output = output with
        {
            Format = OutputFormat ?? output.Format,
            Voice = Voice ?? output.Voice,
            Speed = Speed ?? output.Speed,
        };
        return current with
        {
            Model = Model ?? current.Model,
            OutputModalities = OutputModalities ?? current.OutputModalities,
            Instructions = Instructions ?? current.Instructions,
            Audio = new SessionAudioConfig { Input = input, Output = output },
            MaxOutputTokens = MaxOutputTokens.GetValueOrDefault(current.MaxOutputTokens),
            Extensions = BinaryOutputAudio is { } binary ? current.Extensions with { BinaryOutputAudio = binary } : current.Extensions,
        };
    }
}
