using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using VoiceAgent.Hosting;
using VoiceAgent.Hosting.Testing;

namespace VoiceAgent.Tests.EndToEnd;

/// <summary>What the running mock ASR hears in a piece of audio: the transcript a user should see for it.</summary>
internal static class MockTranscripts
{
    public static async Task<string> TranscribeAsync(DistributedApplication app, byte[] pcm16)
    {
        using var http = app.CreateHttpClient("mocks");
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(pcm16);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "file", "speech.pcm");
        form.Add(new StringContent(SpeechAudio.SampleRate.ToString(CultureInfo.InvariantCulture)), "sample_rate");
        form.Add(new StringContent("mock-asr"), "model");
        using var response = await http.PostAsync("/v1/audio/transcriptions", form).WaitAsync(TimeSpan.FromSeconds(30));
        response.EnsureSuccessStatusCode();
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("text").GetString()!;
    }

    /// <summary>
    /// <paramref name="count"/> utterances (variants 0, 1, 2, ...) that the mock ASR hears as pairwise different,
    /// non-empty transcripts, with those transcripts.
    /// </summary>
    public static async Task<List<(byte[] Audio, string Transcript)>> DistinctUtterancesAsync(DistributedApplication app, int count)
    {
        var chosen = new List<(byte[], string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var variant = 0; chosen.Count < count; variant++)
        {
            Assert.True(variant < count * 2, "the mock ASR hears too many utterances alike");
            var audio = SpeechAudio.Utterance(variant);
            var transcript = await TranscribeAsync(app, audio);
            if (transcript.Length > 0 && seen.Add(transcript))
            {
                chosen.Add((audio, transcript));
            }
        }

        return chosen;
    }

    /// <summary>What the mock LLM answers first: <c>You said &lt;words&gt;.</c></summary>
    public static string EchoOf(string transcript) => $"You said {transcript.TrimEnd('.', '!', '?', ' ')}.";
}
