using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.ServerSentEvents;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VoiceAgent.Tests.Mocks;

/// <summary>Calls the mock models the way an OpenAI client does, and reads their answers.</summary>
public static class MockRequests
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static HttpRequestMessage Transcription(
        byte[] file, string fileName = "audio.wav", string responseFormat = "json", int? sampleRate = null, string model = "whisper-1")
    {
        var form = new MultipartFormDataContent();
        var audio = new ByteArrayContent(file);
        audio.Headers.ContentType = new MediaTypeHeaderValue(fileName.EndsWith(".wav", StringComparison.Ordinal) ? "audio/wav" : "application/octet-stream");
        form.Add(audio, "file", fileName);
        if (model.Length > 0)
        {
            form.Add(new StringContent(model), "model");
        }

        form.Add(new StringContent(responseFormat), "response_format");
        if (sampleRate is { } rate)
        {
            form.Add(new StringContent(rate.ToString(System.Globalization.CultureInfo.InvariantCulture)), "sample_rate");
        }

        return new HttpRequestMessage(HttpMethod.Post, "audio/transcriptions") { Content = form };
    }

    public static async Task<string> TranscribeAsync(HttpClient client, byte[] file, params (string Name, string Value)[] headers)
    {
        using var request = With(Transcription(file), headers);
        using var response = await client.SendAsync(request).WaitAsync(Timeout);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        return JsonNode.Parse(body)!["text"]!.GetValue<string>();
    }

    public static HttpRequestMessage Chat(IEnumerable<(string Role, string Content)> messages, bool stream, object? extra = null)
    {
        var body = new JsonObject
        {
            ["model"] = "mock-llm",
            ["stream"] = stream,
            ["temperature"] = 0.7,
            ["messages"] = new JsonArray([.. messages.Select(m => (JsonNode)new JsonObject { ["role"] = m.Role, ["content"] = m.Content })]),
        };
        if (extra is not null)
        {
            foreach (var (key, value) in JsonSerializer.SerializeToNode(extra)!.AsObject())
            {
                body[key] = value?.DeepClone();
            }
        }

        return new HttpRequestMessage(HttpMethod.Post, "chat/completions") { Content = JsonContent.Create(body) };
    }

    public static HttpRequestMessage UserSays(string text, bool stream = true) => Chat([("user", text)], stream);

    public static HttpRequestMessage Speech(string input, string responseFormat = "pcm", double? speed = null, string voice = "alloy")
    {
        var body = new JsonObject { ["model"] = "mock-tts", ["input"] = input, ["voice"] = voice, ["response_format"] = responseFormat };
        if (speed is { } s)
        {
            body["speed"] = s;
        }

        return new HttpRequestMessage(HttpMethod.Post, "audio/speech") { Content = JsonContent.Create(body) };
    }

    public static HttpRequestMessage With(this HttpRequestMessage request, params (string Name, string Value)[] headers)
    {
        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return request;
    }

    /// <summary>Every <c>data:</c> payload of a server-sent event stream, with when it arrived.</summary>
    public static async Task<List<(string Data, TimeSpan At)>> ReadEventsAsync(HttpResponseMessage response, Stopwatch clock)
    {
        var events = new List<(string, TimeSpan)>();
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var cts = new CancellationTokenSource(Timeout);
        await foreach (var item in SseParser.Create(stream).EnumerateAsync(cts.Token))
        {
            events.Add((item.Data, clock.Elapsed));
        }

        return events;
    }

    /// <summary>The content deltas of a streamed chat completion, with when each arrived.</summary>
    public static List<(string Content, TimeSpan At)> ContentDeltas(IEnumerable<(string Data, TimeSpan At)> events) =>
        [.. events
            .Where(e => e.Data != "[DONE]")
            .Select(e => (Chunk: JsonNode.Parse(e.Data)!, e.At))
            .Where(e => e.Chunk["choices"]!.AsArray().Count > 0 && e.Chunk["choices"]![0]!["delta"]!["content"] is not null)
            .Select(e => (e.Chunk["choices"]![0]!["delta"]!["content"]!.GetValue<string>(), e.At))
            .Where(e => e.Item1.Length > 0)];

    /// <summary>Reads a body to its end, noting when the first and the last bytes arrived.</summary>
    public static async Task<(byte[] Body, TimeSpan FirstByte, TimeSpan LastByte, TimeSpan LongestGap)> ReadTimedAsync(
        HttpResponseMessage response, Stopwatch clock)
    {
        await using var stream = await response.Content.ReadAsStreamAsync();
        using var body = new MemoryStream();
        var buffer = new byte[16 * 1024];
        TimeSpan? first = null;
        var last = TimeSpan.Zero;
        var longestGap = TimeSpan.Zero;
        using var cts = new CancellationTokenSource(Timeout);
        int read;
        while ((read = await stream.ReadAsync(buffer, cts.Token)) > 0)
        {
            var now = clock.Elapsed;
            first ??= now;
            if (body.Length > 0 && now - last > longestGap)
            {
                longestGap = now - last;
            }

            last = now;
            body.Write(buffer, 0, read);
        }

        return (body.ToArray(), first ?? clock.Elapsed, last, longestGap);
    }

    public static async Task<JsonNode> ErrorBodyAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var error = body["error"]!;
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()));
        Assert.False(string.IsNullOrWhiteSpace(error["type"]!.GetValue<string>()));
        Assert.True(error.AsObject().ContainsKey("code"));
        Assert.True(error.AsObject().ContainsKey("param"));
        return error;
    }
}
