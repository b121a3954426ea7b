namespace VoiceAgent.Processor.Sessions;

/// <summary>What completing a job did.</summary>
/// <param name="Completed">False when the job was no longer first (already completed) or the lease was lost.</param>
/// <param name="LeaseLost">The lease belongs to another processor.</param>
/// <param name="PendingTruncateMs">A truncation of the answer that arrived before it reached the history.</param>
internal readonly record struct JobCompletion(bool Completed, bool LeaseLost, double? PendingTruncateMs);
