namespace VoiceAgent.Processor.Providers;

/// <summary>The <c>error.code</c> values of provider failures, as clients see them.</summary>
internal static class ProviderErrorCodes
{
    public const string Error = "provider_error";
    public const string Timeout = "provider_timeout";
    public const string Unavailable = "provider_unavailable";
    public const string StreamBroken = "provider_stream_broken";
    public const string BadResponse = "provider_bad_response";
}
