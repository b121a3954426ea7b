using System.Text.Json;
using VoiceAgent.LoadTest.Sessions;
using VoiceAgent.Tests.Mocks;

namespace VoiceAgent.Tests.LoadTest;

/// <summary>The load test's utterance is speech to the mock ASR, and its append events carry exactly its frames.</summary>
public sealed class SessionsSpeechAudioTests
{
    [Fact]
    public async Task TheUtteranceIsHeardAsOneSentenceOfOneWordPerBurst()
    {
        var audio = SpeechAudio.Create(TimeSpan.FromSeconds(1.2), TimeSpan.Zero);
        var pcm = audio.Frames.SelectMany(f => f.ToArray()).ToArray();
        await using var server = await MockModelsServer.StartAsync();
        using var client = server.CreateClient();

        var transcript = await MockRequests.TranscribeAsync(client, TestAudio.Wav(TestAudio.FromPcm16(pcm)));

        // Four 300 ms bursts with 100 ms gaps: four words, one sentence.
        Assert.Equal(4, transcript.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.EndsWith(".", transcript, StringComparison.Ordinal);
        Assert.Single(transcript, '.');
    }

    [Fact]
    public void TrailingSilenceFollowsTheVoicedFramesAndAppendEventsCarryTheSameAudio()
    {
        var audio = SpeechAudio.Create(TimeSpan.FromSeconds(0.6), TimeSpan.FromMilliseconds(800));

        Assert.Equal(audio.VoicedFrames + 40, audio.Frames.Count);
        Assert.All(audio.Frames.Skip(audio.VoicedFrames), frame => Assert.All(frame.ToArray(), b => Assert.Equal(0, b)));
        for (var i = 0; i < audio.Frames.Count; i++)
        {
            using var append = JsonDocument.Parse(audio.AppendEvents[i]);
            Assert.Equal("input_audio_buffer.append", append.RootElement.GetProperty("type").GetString());
            Assert.Equal(audio.Frames[i].ToArray(), append.RootElement.GetProperty("audio").GetBytesFromBase64());
        }
    }
}
