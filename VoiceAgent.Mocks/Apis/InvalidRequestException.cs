namespace VoiceAgent.Mocks.Apis;

/// <summary>A request the mock cannot serve; becomes a 400 response with the OpenAI error shape.</summary>
internal sealed class InvalidRequestException(string message, string? param = null) : Exception(message)
{
    /// <summary>The request field or header at fault, reported as <c>error.param</c>.</summary>
    public string? Param { get; } = param;
}
