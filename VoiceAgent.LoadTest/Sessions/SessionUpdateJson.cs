using System.Text.Json;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>The <c>session.update</c> every simulated user sends (GA shape): 24 kHz PCM both ways, transcription on, manual turns or server VAD.</summary>
internal static class SessionUpdateJson
{
    public static byte[] Create(SessionsSettings settings)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("type", "session.update");
            json.WriteStartObject("session");
            json.WriteString("type", "realtime");
            json.WriteStartArray("output_modalities");
            json.WriteStringValue("audio");
            json.WriteEndArray();
            json.WriteStartObject("audio");
            json.WriteStartObject("input");
            WritePcm24k(json);
            json.WriteStartObject("transcription");
            json.WriteString("model", "whisper-1");
            json.WriteEndObject();
            if (settings.ServerVad)
            {
                json.WriteStartObject("turn_detection");
                json.WriteString("type", "server_vad");
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("turn_detection");
            }

            json.WriteEndObject();
            json.WriteStartObject("output");
            WritePcm24k(json);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteStartObject("voiceagent");
            json.WriteBoolean("binary_output_audio", settings.BinaryOutput);
            json.WriteEndObject();
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WritePcm24k(Utf8JsonWriter json)
    {
        json.WriteStartObject("format");
        json.WriteString("type", "audio/pcm");
        json.WriteNumber("rate", 24_000);
        json.WriteEndObject();
    }
}
