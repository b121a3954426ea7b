using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using VoiceAgent.Mocks.Faults;
using VoiceAgent.Mocks.Json;
using VoiceAgent.Mocks.Knobs;
using VoiceAgent.Mocks.Llm;

namespace VoiceAgent.Mocks.Apis;

/// <summary>
/// <c>POST /v1/chat/completions</c>: the OpenAI request shape; with <c>stream: true</c> the answer streams as
/// server-sent <c>chat.completion.chunk</c> events ending with <c>data: [DONE]</c>, otherwise it comes whole as a
/// <c>chat.completion</c> with <c>usage</c>.
/// </summary>
internal static class ChatCompletionsApi
{
    public static RouteHandlerBuilder MapChatCompletionsApi(this IEndpointRouteBuilder api) =>
        api.MapPost("/chat/completions", CompleteAsync).WithName("CreateChatCompletion");

    private static async Task CompleteAsync(HttpContext context, MockApiServices services)
    {
        var cancellationToken = context.RequestAborted;
        var pacer = new Pacer(services.Time);
        var knobs = LlmKnobs.Resolve(services.Options.Llm, context.Request.Headers);
        var request = await JsonBody.ReadAsync(context.Request, MockJsonContext.Default.ChatCompletionRequest, cancellationToken)
            .ConfigureAwait(false);
        var conversation = Conversation.From(request);
        var maxTokens = request.MaxCompletionTokens ?? request.MaxTokens;
        if (maxTokens is < 1)
        {
            throw new InvalidRequestException("max_completion_tokens (or max_tokens) must be at least 1.", "max_completion_tokens");
        }

        var plan = services.PlanFaults(context, MockApi.Llm, knobs.Faults);
        if (plan.ErrorStatusCode is { } errorStatus)
        {
            await services.FailAsync(context, MockApi.Llm, plan, errorStatus).ConfigureAwait(false);
            return;
        }

        var answer = AnswerWriter.Compose(conversation.LastUserText, conversation.UserTurns, conversation.MessageCount, knobs.AnswerSentences);
        var tokens = AnswerTokenizer.Split(answer);
        var finishReason = "stop";
        if (maxTokens < tokens.Count)
        {
            tokens.RemoveRange(maxTokens.Value, tokens.Count - maxTokens.Value);
            finishReason = "length";
        }

        var reply = new Reply(
            // Unique per request, yet reproducible: derived from the request's key (its id or arrival number).
            $"chatcmpl-{StableHash.Of(plan.RequestKey, (ulong)services.Options.Seed):x16}",
            services.Time.GetUtcNow().ToUnixTimeSeconds(),
            request.Model!,
            tokens,
            finishReason,
            new Usage { PromptTokens = conversation.PromptTokens, CompletionTokens = tokens.Count });

        if (request.Stream == true)
        {
            await StreamAsync(context, reply, request.StreamOptions?.IncludeUsage == true, knobs, plan, pacer, cancellationToken)
                .ConfigureAwait(false);
        }
        else
        {
            await WriteWholeAsync(context, reply, knobs, plan, pacer, cancellationToken).ConfigureAwait(false);
        }

        services.Completed(MockApi.Llm);
    }

    private static async Task StreamAsync(
        HttpContext context, Reply reply, bool includeUsage, LlmKnobs knobs, FaultPlan plan, Pacer pacer, CancellationToken cancellationToken)
    {
        var tokens = reply.Tokens;
        var stallBefore = Math.Max(1, tokens.Count / 2);
        await pacer.WaitUntilAsync(knobs.TokenDue(0), cancellationToken).ConfigureAwait(false);

        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        var body = response.BodyWriter;
        await using var json = new Utf8JsonWriter(body);
        WriteEvent(body, json, reply.Chunk(new ChunkDelta { Role = "assistant", Content = "" }, null), MockJsonContext.Default.ChatCompletionChunk);
        for (var i = 0; i <= tokens.Count; i++)
        {
            if (i == stallBefore)
            {
                pacer.Stall(plan.Stall);
            }

            if (i == tokens.Count)
            {
                break;
            }

            await pacer.WaitUntilAsync(knobs.TokenDue(i), cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            WriteEvent(body, json, reply.Chunk(new ChunkDelta { Content = tokens[i] }, null), MockJsonContext.Default.ChatCompletionChunk);
            await body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        // A stall planned before the end (a one-token answer) still delays the finish.
        await pacer.WaitUntilAsync(knobs.TokenDue(Math.Max(0, tokens.Count - 1)), cancellationToken).ConfigureAwait(false);
        WriteEvent(body, json, reply.Chunk(new ChunkDelta(), reply.FinishReason), MockJsonContext.Default.ChatCompletionChunk);
        if (includeUsage)
        {
            var usageChunk = new ChatCompletionChunk { Id = reply.Id, Created = reply.Created, Model = reply.Model, Choices = [], Usage = reply.Usage };
            WriteEvent(body, json, usageChunk, MockJsonContext.Default.ChatCompletionChunk);
        }

        body.Write("data: [DONE]\n\n"u8);
        await body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteWholeAsync(
        HttpContext context, Reply reply, LlmKnobs knobs, FaultPlan plan, Pacer pacer, CancellationToken cancellationToken)
    {
        // The whole answer is ready when its last token would have been streamed.
        pacer.Stall(plan.Stall);
        await pacer.WaitUntilAsync(knobs.TokenDue(Math.Max(0, reply.Tokens.Count - 1)), cancellationToken).ConfigureAwait(false);
        var completion = new ChatCompletion
        {
            Id = reply.Id,
            Created = reply.Created,
            Model = reply.Model,
            Choices =
            [
                new CompletionChoice { Message = new AssistantMessage { Content = string.Concat(reply.Tokens) }, FinishReason = reply.FinishReason },
            ],
            Usage = reply.Usage,
        };
        await context.Response.WriteAsJsonAsync(completion, MockJsonContext.Default.ChatCompletion, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private static void WriteEvent<T>(PipeWriter body, Utf8JsonWriter json, T value, JsonTypeInfo<T> typeInfo)
    {
        body.Write("data: "u8);
        json.Reset(body);
        JsonSerializer.Serialize(json, value, typeInfo);
        body.Write("\n\n"u8);
    }

    /// <summary>The answer being sent and what every chunk of it repeats.</summary>
    private sealed record Reply(string Id, long Created, string Model, List<string> Tokens, string FinishReason, Usage Usage)
    {
        public ChatCompletionChunk Chunk(ChunkDelta delta, string? finishReason) => new()
        {
            Id = Id,
            Created = Created,
            Model = Model,
            Choices = [new ChunkChoice { Delta = delta, FinishReason = finishReason }],
        };
    }
}
