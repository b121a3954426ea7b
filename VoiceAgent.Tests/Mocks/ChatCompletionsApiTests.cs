using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VoiceAgent.Mocks;

namespace VoiceAgent.Tests.Mocks;

public sealed class ChatCompletionsApiTests : MockModelsServerTest
{
    [Fact]
    public async Task StreamedChunksAreOpenAIChunksThatEndWithDone()
    {
        var (events, _) = await StreamAsync(MockRequests.UserSays("What is the weather today"));

        Assert.Equal("[DONE]", events[^1]);
        var chunks = events[..^1].Select(e => JsonNode.Parse(e)!).ToList();
        Assert.True(chunks.Count > 3);
        var id = chunks[0]["id"]!.GetValue<string>();
        Assert.StartsWith("chatcmpl-", id);
        Assert.All(chunks, chunk =>
        {
            Assert.Equal("chat.completion.chunk", chunk["object"]!.GetValue<string>());
            Assert.Equal(id, chunk["id"]!.GetValue<string>());
            Assert.Equal("mock-llm", chunk["model"]!.GetValue<string>());
            Assert.True(chunk["created"]!.GetValue<long>() > 1_600_000_000);
            var choice = Assert.Single(chunk["choices"]!.AsArray())!;
            Assert.Equal(0, choice["index"]!.GetValue<int>());
            Assert.True(choice.AsObject().ContainsKey("finish_reason"));
        });
        Assert.Equal("assistant", chunks[0]["choices"]![0]!["delta"]!["role"]!.GetValue<string>());
        Assert.All(chunks[..^1], c => Assert.Null(c["choices"]![0]!["finish_reason"]));
        Assert.Equal("stop", chunks[^1]["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Empty(chunks[^1]["choices"]![0]!["delta"]!.AsObject());
    }

    [Fact]
    public async Task TheAnswerHasSeveralSentencesAndRepeatsWhatTheUserSaid()
    {
        var answer = await AnswerAsync(MockRequests.UserSays("Remind me about the meeting tomorrow."));

        Assert.StartsWith("You said Remind me about the meeting tomorrow.", answer);
        Assert.Equal(4, SentenceCount(answer));
    }

    [Fact]
    public async Task StreamedAndWholeAnswersAreTheSameAndRepeatable()
    {
        var streamed = await AnswerAsync(MockRequests.UserSays("Open the window please"));
        var again = await AnswerAsync(MockRequests.UserSays("Open the window please"));
        using var response = await Client.SendAsync(MockRequests.UserSays("Open the window please", stream: false)).WaitAsync(MockRequests.Timeout);
        var whole = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(streamed, again);
        Assert.Equal(streamed, whole["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task EveryCompletionHasItsOwnId()
    {
        var (first, _) = await StreamAsync(MockRequests.UserSays("Hello"));
        var (second, _) = await StreamAsync(MockRequests.UserSays("Hello"));

        Assert.NotEqual(JsonNode.Parse(first[0])!["id"]!.GetValue<string>(), JsonNode.Parse(second[0])!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheAnswerDependsOnTheTranscript()
    {
        var first = await AnswerAsync(MockRequests.UserSays("Play some music"));
        var second = await AnswerAsync(MockRequests.UserSays("Book a train ticket"));

        Assert.NotEqual(first, second);
        Assert.Contains("Book a train ticket", second);
    }

    [Fact]
    public async Task TheAnswerDependsOnTheHistory()
    {
        var fresh = await AnswerAsync(MockRequests.UserSays("And tomorrow?"));
        var later = await AnswerAsync(MockRequests.Chat(
            [
                ("system", "You are a helpful voice assistant."),
                ("user", "What is the weather today?"),
                ("assistant", "It is sunny."),
                ("user", "And tomorrow?"),
            ],
            stream: true));

        Assert.NotEqual(fresh, later);
        Assert.Contains("turn 1 ", fresh);
        Assert.Contains("turn 2 ", later);
    }

    [Fact]
    public async Task SilenceGetsAnAnswerToo()
    {
        var answer = await AnswerAsync(MockRequests.UserSays(""));

        Assert.StartsWith("I did not catch that.", answer);
    }

    [Fact]
    public async Task TheSentencesKnobSetsTheAnswersLength()
    {
        var answer = await AnswerAsync(MockRequests.UserSays("Tell me more").With((MockHeaders.AnswerSentences, "9")));

        Assert.Equal(9, SentenceCount(answer));
    }

    [Fact]
    public async Task ContentPartsAreReadLikeAString()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "chat/completions")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["model"] = "mock-llm",
                ["messages"] = new JsonArray(new JsonObject
                {
                    ["role"] = "user",
                    ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "Call the doctor" }),
                }),
            }),
        };

        using var response = await Client.SendAsync(request).WaitAsync(MockRequests.Timeout);
        var whole = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(
            await AnswerAsync(MockRequests.UserSays("Call the doctor")),
            whole["choices"]![0]!["message"]!["content"]!.GetValue<string>());
    }

    [Fact]
    public async Task AWholeCompletionHasTheOpenAIShapeAndUsage()
    {
        using var response = await Client.SendAsync(MockRequests.UserSays("How are you", stream: false)).WaitAsync(MockRequests.Timeout);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("chat.completion", body["object"]!.GetValue<string>());
        Assert.StartsWith("chatcmpl-", body["id"]!.GetValue<string>());
        Assert.Equal("mock-llm", body["model"]!.GetValue<string>());
        var choice = Assert.Single(body["choices"]!.AsArray())!;
        Assert.Equal("assistant", choice["message"]!["role"]!.GetValue<string>());
        Assert.Equal("stop", choice["finish_reason"]!.GetValue<string>());
        var usage = body["usage"]!;
        Assert.Equal(3, usage["prompt_tokens"]!.GetValue<int>());
        Assert.True(usage["completion_tokens"]!.GetValue<int>() > 10);
        Assert.Equal(usage["prompt_tokens"]!.GetValue<int>() + usage["completion_tokens"]!.GetValue<int>(), usage["total_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task MaxTokensCutsTheAnswerWithFinishReasonLength()
    {
        var (events, _) = await StreamAsync(MockRequests.Chat([("user", "Hello")], stream: true, new { max_tokens = 5 }));
        using var response = await Client.SendAsync(MockRequests.Chat([("user", "Hello")], stream: false, new { max_completion_tokens = 5 }))
            .WaitAsync(MockRequests.Timeout);
        var whole = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(5, MockRequests.ContentDeltas(events.Select(e => (e, TimeSpan.Zero))).Count);
        Assert.Equal("length", JsonNode.Parse(events[^2])!["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal("length", whole["choices"]![0]!["finish_reason"]!.GetValue<string>());
        Assert.Equal(5, whole["usage"]!["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task IncludeUsageAddsAUsageChunkBeforeDone()
    {
        var (events, _) = await StreamAsync(MockRequests.Chat([("user", "Hello")], stream: true, new { stream_options = new { include_usage = true } }));

        var usageChunk = JsonNode.Parse(events[^2])!;
        Assert.Empty(usageChunk["choices"]!.AsArray());
        var contentTokens = MockRequests.ContentDeltas(events.Select(e => (e, TimeSpan.Zero))).Count;
        Assert.Equal(contentTokens, usageChunk["usage"]!["completion_tokens"]!.GetValue<int>());
    }

    [Fact]
    public async Task TheTimeToFirstTokenKnobDelaysTheFirstToken()
    {
        var (_, deltas) = await StreamAsync(MockRequests.UserSays("Hello").With((MockHeaders.TimeToFirstTokenMs, "600")));

        Assert.True(deltas[0].At >= TimeSpan.FromMilliseconds(600), $"first token after {deltas[0].At.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task TheTimeToFirstTokenCanBeConfigured()
    {
        await using var server = await MockModelsServer.StartAsync(new Dictionary<string, string?> { ["Mocks:Llm:TimeToFirstTokenMs"] = "500" });
        using var client = server.CreateClient();
        var clock = Stopwatch.StartNew();

        using var response = await client.SendAsync(MockRequests.UserSays("Hello", stream: false)).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(500), $"answered after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task TheTokensPerSecondKnobPacesTheTokens()
    {
        var (_, deltas) = await StreamAsync(MockRequests.UserSays("Hello").With((MockHeaders.TokensPerSecond, "40")));

        // Token i is due i/40 s after the first one; the clock started before the request was sent.
        var expected = TimeSpan.FromSeconds((deltas.Count - 1) / 40.0);
        Assert.True(deltas.Count > 20);
        Assert.True(deltas[^1].At >= expected, $"{deltas.Count} tokens took {deltas[^1].At.TotalMilliseconds} ms, expected at least {expected.TotalMilliseconds} ms");
        Assert.True(deltas[^1].At - deltas[0].At >= expected * 0.8);
    }

    [Theory]
    [InlineData("{not json", null)]
    [InlineData("{\"model\":\"m\",\"messages\":[]}", "messages")]
    [InlineData("{\"model\":\"m\"}", "messages")]
    [InlineData("{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "model")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"hi\"}]}", "messages[0].role")]
    [InlineData("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":42}]}", "messages[0].content")]
    [InlineData("{\"model\":\"m\",\"max_tokens\":0,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}", "max_completion_tokens")]
    public async Task AMalformedRequestGetsAnOpenAIError(string body, string? param)
    {
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await Client.PostAsync("chat/completions", content).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await MockRequests.ErrorBodyAsync(response);
        Assert.Equal("invalid_request_error", error["type"]!.GetValue<string>());
        Assert.Equal(param, error["param"]?.GetValue<string>());
    }

    [Fact]
    public async Task AMalformedKnobHeaderIsRejectedByName()
    {
        using var response = await Client.SendAsync(MockRequests.UserSays("Hi").With((MockHeaders.TokensPerSecond, "fast")))
            .WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(MockHeaders.TokensPerSecond, (await MockRequests.ErrorBodyAsync(response))["param"]!.GetValue<string>());
    }

    private async Task<(List<string> Events, List<(string Content, TimeSpan At)> Deltas)> StreamAsync(HttpRequestMessage request)
    {
        var clock = Stopwatch.StartNew();
        using (request)
        {
            using var response = await Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).WaitAsync(MockRequests.Timeout);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
            var events = await MockRequests.ReadEventsAsync(response, clock);
            return ([.. events.Select(e => e.Data)], MockRequests.ContentDeltas(events));
        }
    }

    private async Task<string> AnswerAsync(HttpRequestMessage request)
    {
        var (_, deltas) = await StreamAsync(request);
        return string.Concat(deltas.Select(d => d.Content));
    }

    private static int SentenceCount(string answer) => answer.Count(c => c is '.' or '?' or '!');
}
