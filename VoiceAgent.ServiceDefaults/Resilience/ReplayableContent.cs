using System.Net.Http.Json;

namespace VoiceAgent.ServiceDefaults.Resilience;

/// <summary>
/// Whether a request body can be sent again unchanged. Buffered bodies can; a stream (<see cref="StreamContent"/>,
/// or any body type not known here) may already be consumed, so such a request is never retried.
/// </summary>
internal static class ReplayableContent
{
    public static bool IsReplayable(HttpContent? content) =>
        content switch
        {
            null => true,
            ByteArrayContent or ReadOnlyMemoryContent => true,
            MultipartContent multipart => multipart.All(IsReplayable),

            // JsonContent serializes its value again on each send; an async stream of values is single-use.
            JsonContent json => !IsAsyncStream(json.Value),
            _ => false,
        };

    private static bool IsAsyncStream(object? value) =>
        value?.GetType().GetInterfaces().Any(type => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>)) == true;
}
