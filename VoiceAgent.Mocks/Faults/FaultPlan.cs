namespace VoiceAgent.Mocks.Faults;

/// <summary>What goes wrong with one request: an error instead of the result, or a stall half way through.</summary>
/// <param name="RequestKey">The name the draws were made for (the <c>x-request-id</c> header or a sequence number).</param>
/// <param name="ErrorStatusCode">The status to fail with, or null to answer normally.</param>
/// <param name="Stall">The pause half way through the response; zero for none.</param>
internal readonly record struct FaultPlan(string RequestKey, int? ErrorStatusCode, TimeSpan Stall);
