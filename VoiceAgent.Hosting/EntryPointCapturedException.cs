namespace VoiceAgent.Hosting;

/// <summary>Thrown by <c>Build()</c> under an <see cref="EntryPointCapture"/> to leave the AppHost's entry point.</summary>
internal sealed class EntryPointCapturedException() : Exception("The testing API captured the application builder; the entry point stops here.");
