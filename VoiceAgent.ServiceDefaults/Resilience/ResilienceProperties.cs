using Polly;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>Values the resilience handler hands to the pipeline's callbacks through the resilience context.</summary>
internal static class ResilienceProperties
{
    public static readonly ResiliencePropertyKey<HttpRequestMessage> Request = new("VoiceAgent.Http.Request");

    public static HttpRequestMessage? GetRequest(ResilienceContext context) =>
        context.Properties.TryGetValue(Request, out var request) ? request : null;
}
