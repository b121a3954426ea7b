namespace VoiceAgent.Realtime.Sessions;

/// <summary>Values of <c>output_modalities</c>.</summary>
public static class Modalities
{
    public const string Audio = "audio";
    public const string Text = "text";
}
