namespace VoiceAgent.Processor.Sessions;

/// <summary>A change to a session's input audio buffer, applied in order with the rest of a save.</summary>
internal readonly record struct AudioOperation(AudioOperationKind Kind, ReadOnlyMemory<byte> Bytes = default, long Count = 0, string? Key = null)
{
    /// <summary>Appends bytes to the buffer.</summary>
    public static AudioOperation Append(ReadOnlyMemory<byte> bytes) => new(AudioOperationKind.Append, bytes);

    /// <summary>Keeps only the last <paramref name="bytes"/> bytes of the buffer.</summary>
    public static AudioOperation KeepLast(long bytes) => new(AudioOperationKind.KeepLast, Count: bytes);

    /// <summary>Moves the buffer to <paramref name="key"/> (the committed utterance), leaving it empty.</summary>
    public static AudioOperation Commit(string key) => new(AudioOperationKind.Commit, Key: key);

    /// <summary>Empties the buffer.</summary>
    public static AudioOperation Clear() => new(AudioOperationKind.Clear);
}
