namespace VoiceAgent.Realtime.Sessions;

/// <summary>The fields of a <c>turn_detection</c> object the client gave; the others keep their current values.</summary>
public sealed record TurnDetectionUpdate
{
    public string? Type { get; init; }

    public double? Threshold { get; init; }

    public int? PrefixPaddingMs { get; init; }

    public int? SilenceDurationMs { get; init; }

    public bool? CreateResponse { get; init; }

    public bool? InterruptResponse { get; init; }

    public Optional<int?> IdleTimeoutMs { get; init; }

    /// <summary>
    /// The turn detection after this update: the current settings (or the defaults, when turn detection was off)
    /// with the given fields replaced.
    /// </summary>
    public TurnDetectionConfig ApplyTo(TurnDetectionConfig? current)
    {
        var basis = current ?? TurnDetectionConfig.Default;
        return basis with
        {
            Type = Type ?? basis.Type,
            Threshold = Threshold ?? basis.Threshold,
            PrefixPaddingMs = PrefixPaddingMs ?? basis.PrefixPaddingMs,
            SilenceDurationMs = SilenceDurationMs ?? basis.SilenceDurationMs,
            CreateResponse = CreateResponse ?? basis.CreateResponse,
            InterruptResponse = InterruptResponse ?? basis.InterruptResponse,
            IdleTimeoutMs = IdleTimeoutMs.GetValueOrDefault(basis.IdleTimeoutMs),
        };
    }
}
