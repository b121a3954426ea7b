namespace VoiceAgent.Processor.Audio;

/// <summary>What the VAD detected in a message, and where.</summary>
/// <param name="Started">True for speech started, false for speech stopped.</param>
/// <param name="AtMs">Started: where speech began (without padding). Stopped: where the silence that ended it began.</param>
/// <param name="SampleIndex">The sample of the message just after the frame that decided it.</param>
internal readonly record struct VadEvent(bool Started, double AtMs, int SampleIndex);
