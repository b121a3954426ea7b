namespace VoiceAgent.Realtime;

/// <summary>A value that may be absent, to tell "not given" from "given as null" in an update.</summary>
public readonly struct Optional<T>
{
    public Optional(T value)
    {
        HasValue = true;
        Value = value;
    }

    /// <summary>Whether the value was given (it may still be null).</summary>
    public bool HasValue { get; }

    public T Value { get; }

    public static implicit operator Optional<T>(T value) => new(value);

    /// <summary>The value when given, otherwise <paramref name="fallback"/>.</summary>
    public T GetValueOrDefault(T fallback) => HasValue ? Value : fallback;

    public override string ToString() => HasValue ? $"{Value}" : "(absent)";
}
