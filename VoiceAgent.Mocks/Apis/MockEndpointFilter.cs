using System.Text.Json;
using Microsoft.AspNetCore.Http;
using VoiceAgent.Mocks.Audio;
using VoiceAgent.Mocks.Diagnostics;
using VoiceAgent.Mocks.Tts;

namespace VoiceAgent.Mocks.Apis;

/// <summary>
/// Wraps every mock endpoint: counts it as active while it runs, turns what can go wrong into OpenAI-shaped
/// errors (400 for bad input, 500 for a broken synthesizer), treats a client that went away as a normal end, and
/// records every outcome but success (which the endpoint records itself).
/// </summary>
internal sealed class MockEndpointFilter(MockApi api, MockApiServices services) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext invocation, EndpointFilterDelegate next)
    {
        var context = invocation.HttpContext;
        using var active = services.Metrics.Active(api);
        try
        {
            return await next(invocation).ConfigureAwait(false);
        }
        catch (Exception) when (context.RequestAborted.IsCancellationRequested)
        {
            // Whatever broke (a cancelled wait, a truncated upload), the client had already gone.
            MockApiServices.Log.Cancelled(services.Logger, api, context.Request.Path);
            services.Metrics.Record(api, RequestOutcome.Cancelled);
            return Results.Empty;
        }
        catch (Exception e) when (e is InvalidRequestException or JsonException or WavFormatException or InvalidDataException or BadHttpRequestException)
        {
            var status = e is BadHttpRequestException bad ? bad.StatusCode : StatusCodes.Status400BadRequest;
            var message = e is JsonException ? $"The request body is not valid JSON for this endpoint: {e.Message}" : e.Message;
            MockApiServices.Log.Rejected(services.Logger, api, context.Request.Path, message);
            services.Metrics.Record(api, RequestOutcome.Rejected);
            return new OpenAIErrorResult(status, message, (e as InvalidRequestException)?.Param);
        }
        catch (SpeechEngineException e)
        {
            MockApiServices.Log.Failed(services.Logger, api, context.Request.Path, e.Message);
            services.Metrics.Record(api, RequestOutcome.Failed);
            return new OpenAIErrorResult(StatusCodes.Status500InternalServerError, e.Message, code: "engine_unavailable");
        }
    }
}
