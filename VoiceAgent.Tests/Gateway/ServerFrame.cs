using System.Text.Json;

namespace VoiceAgent.Tests.Gateway;

/// <summary>A frame the gateway sent: a JSON event (with its seq) or a binary output audio frame.</summary>
public sealed record ServerFrame(string? Type, long? Seq, JsonElement Json, byte[]? BinaryAudio, DateTimeOffset ReceivedAt)
{
    public bool IsBinary => BinaryAudio is not null;

    public string? EventId => Json.ValueKind == JsonValueKind.Object && Json.TryGetProperty("event_id", out var id) ? id.GetString() : null;

    public string? ErrorCode => Type == "error" ? Json.GetProperty("error").GetProperty("code").GetString() : null;

    public string? ResponseId =>
        Json.ValueKind != JsonValueKind.Object ? null
        : Json.TryGetProperty("response_id", out var id) ? id.GetString()
        : Json.TryGetProperty("response", out var response) && response.TryGetProperty("id", out var rid) ? rid.GetString()
        : null;

    /// <summary>The audio of an output audio delta, JSON (base64) or binary.</summary>
    public byte[]? Audio => BinaryAudio ?? (Type is "response.output_audio.delta" or "response.audio.delta" ? Json.GetProperty("delta").GetBytesFromBase64() : null);

    public override string ToString() => IsBinary ? $"binary audio seq={Seq} bytes={BinaryAudio!.Length}" : Json.GetRawText();
}
