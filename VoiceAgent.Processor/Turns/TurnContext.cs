namespace VoiceAgent.Processor.Turns;

/// <summary>The job a runner is working on, and who runs it.</summary>
/// <param name="Job">The job exactly as stored (it identifies the job in the store).</param>
internal sealed record TurnContext(string SessionId, string Owner, string Job);
