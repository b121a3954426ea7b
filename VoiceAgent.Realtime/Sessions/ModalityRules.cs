using System.Diagnostics.CodeAnalysis;
using VoiceAgent.Realtime.Events;

namespace VoiceAgent.Realtime.Sessions;

/// <summary>
/// Output modalities, GA or beta: <c>["audio"]</c> (and beta's <c>["text","audio"]</c>) mean audio with its
/// transcript; <c>["text"]</c> means text only.
/// </summary>
internal static class ModalityRules
{
    private static readonly string[] AudioOnly = [Modalities.Audio];
    private static readonly string[] TextOnly = [Modalities.Text];

    public static bool TryNormalize(
        IReadOnlyList<string> values,
        string param,
        [NotNullWhen(true)] out IReadOnlyList<string>? modalities,
        [NotNullWhen(false)] out RealtimeError? error)
    {
        modalities = null;
        var audio = false;
        var text = false;
        foreach (var value in values)
        {
            switch (value)
            {
                case Modalities.Audio:
                    audio = true;
                    break;
                case Modalities.Text:
                    text = true;
                    break;
                default:
                    error = RealtimeError.InvalidRequest(
                        RealtimeErrorCodes.InvalidValue,
                        $"Invalid modality '{value}': use \"audio\" or \"text\".",
                        param);
                    return false;
            }
        }

        if (!audio && !text)
        {
            error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, "At least one output modality is needed.", param);
            return false;
        }

        modalities = audio ? AudioOnly : TextOnly;
        error = null;
        return true;
    }
}
