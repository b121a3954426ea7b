using System.Net;
using System.Net.Http.Headers;

namespace VoiceAgent.Tests.Mocks;

public sealed class ApiKeyTests
{
    [Fact]
    public async Task WithoutAConfiguredKeyAnyKeyOrNoneIsAccepted()
    {
        await using var server = await MockModelsServer.StartAsync();
        using var client = server.CreateClient();

        using var anonymous = await client.SendAsync(MockRequests.UserSays("Hi", stream: false)).WaitAsync(MockRequests.Timeout);
        using var withKey = await client.SendAsync(Authorized(MockRequests.UserSays("Hi", stream: false), "sk-anything")).WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, withKey.StatusCode);
    }

    [Fact]
    public async Task AConfiguredKeyIsRequiredOnEveryModel()
    {
        await using var server = await MockModelsServer.StartAsync(new Dictionary<string, string?> { ["Mocks:ApiKey"] = "sk-mock-secret" });
        using var client = server.CreateClient();

        foreach (var request in new Func<HttpRequestMessage>[]
        {
            () => MockRequests.UserSays("Hi", stream: false),
            () => MockRequests.Speech("Hi."),
            () => MockRequests.Transcription(TestAudio.Wav(TestAudio.Tone(440, 0.5))),
        })
        {
            using var missing = await client.SendAsync(request()).WaitAsync(MockRequests.Timeout);
            using var wrong = await client.SendAsync(Authorized(request(), "sk-mock-guess")).WaitAsync(MockRequests.Timeout);
            using var right = await client.SendAsync(Authorized(request(), "sk-mock-secret")).WaitAsync(MockRequests.Timeout);

            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
            Assert.Equal("invalid_api_key", (await MockRequests.ErrorBodyAsync(wrong))["code"]!.GetValue<string>());
            Assert.DoesNotContain("sk-mock-guess", await wrong.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        }
    }

    [Fact]
    public async Task HealthEndpointsNeedNoKey()
    {
        await using var server = await MockModelsServer.StartAsync(new Dictionary<string, string?> { ["Mocks:ApiKey"] = "sk-mock-secret" });
        using var client = new HttpClient { BaseAddress = server.BaseAddress };

        using var health = await client.GetAsync("health").WaitAsync(MockRequests.Timeout);
        using var alive = await client.GetAsync("alive").WaitAsync(MockRequests.Timeout);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    private static HttpRequestMessage Authorized(HttpRequestMessage request, string key)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return request;
    }
}
