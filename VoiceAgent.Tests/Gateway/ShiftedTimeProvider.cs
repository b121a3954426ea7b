namespace VoiceAgent.Tests.Gateway;

/// <summary>The system clock moved by <paramref name="shift"/> (e.g. to issue a token that has already expired).</summary>
internal sealed class ShiftedTimeProvider(TimeSpan shift) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + shift;
}
