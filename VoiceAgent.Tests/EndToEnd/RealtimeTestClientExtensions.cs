using System.Text.Json;
using VoiceAgent.Tests.Gateway;

namespace VoiceAgent.Tests.EndToEnd;

/// <summary>What a voice client does in the end-to-end tests: configure the session, speak, wait for the answer.</summary>
internal static class RealtimeTestClientExtensions
{
    public static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Sends a GA <c>session.update</c> with <paramref name="session"/> and waits for <c>session.updated</c>.</summary>
    public static async Task<ServerFrame> UpdateSessionAsync(this RealtimeTestClient client, object session)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object> { ["type"] = "session.update", ["session"] = session });
        await client.SendJsonAsync(json);
        return await client.ExpectAsync("session.updated", TimeSpan.FromSeconds(30));
    }

    /// <summary>Manual turns: <c>turn_detection: null</c>.</summary>
    public static Task<ServerFrame> UseManualTurnsAsync(this RealtimeTestClient client) =>
        client.UpdateSessionAsync(new Dictionary<string, object?>
        {
            ["type"] = "realtime",
            ["audio"] = new Dictionary<string, object?> { ["input"] = new Dictionary<string, object?> { ["turn_detection"] = null } },
        });

    /// <summary>Sends the audio in 100 ms pieces, as <c>input_audio_buffer.append</c> events or as binary frames.</summary>
    public static async Task SpeakAsync(this RealtimeTestClient client, byte[] audio, bool binary = false)
    {
        foreach (var chunk in SpeechAudio.Chunks(audio))
        {
            await client.SendAudioAsync(chunk, binary);
        }
    }

    /// <summary>Reads until the <c>response.done</c> of a response (any status unless <paramref name="status"/> says which).</summary>
    public static Task<List<ServerFrame>> ReceiveUntilResponseDoneAsync(this RealtimeTestClient client, string? status = null, TimeSpan? timeout = null) =>
        client.ReceiveUntilAsync(f => f.Type == "response.done" && (status is null || f.ResponseStatus() == status), timeout ?? TurnTimeout);

    /// <summary>Reads until the first output audio of a response.</summary>
    public static Task<List<ServerFrame>> ReceiveUntilFirstAudioAsync(this RealtimeTestClient client, TimeSpan? timeout = null) =>
        client.ReceiveUntilAsync(f => f.Audio is not null, timeout ?? TurnTimeout);
}
