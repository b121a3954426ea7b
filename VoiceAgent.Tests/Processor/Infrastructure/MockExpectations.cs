using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using VoiceAgent.Tests.Mocks;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>What the mock models answer when asked directly: the expectations of an end-to-end turn.</summary>
public static class MockExpectations
{
    /// <summary>The mock ASR's transcript of PCM16 audio.</summary>
    public static async Task<string> TranscriptAsync(MockModelsServer mocks, byte[] pcm16, int sampleRate = 24_000)
    {
        using var http = mocks.CreateClient();
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(TestAudio.Wav(TestAudio.FromPcm16(pcm16), sampleRate));
        file.Headers.ContentType = new MediaTypeHeaderValue("audio/wav");
        form.Add(file, "file", "audio.wav");
        form.Add(new StringContent("whisper-1"), "model");
        using var response = await http.PostAsync("audio/transcriptions", form);
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("text").GetString()!;
    }

    /// <summary>The length of the mock TTS's PCM (24 kHz) for <paramref name="text"/>.</summary>
    public static async Task<int> SpeechBytesAsync(MockModelsServer mocks, string text, string voice = "alloy")
    {
        using var http = mocks.CreateClient();
        using var response = await http.PostAsJsonAsync("audio/speech", new { model = "tts", input = text, voice, response_format = "pcm" });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }
}
