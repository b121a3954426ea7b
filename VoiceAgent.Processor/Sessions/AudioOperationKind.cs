namespace VoiceAgent.Processor.Sessions;

internal enum AudioOperationKind
{
    Append,
    KeepLast,
    Commit,
    Clear,
}
