using System.Text;
using System.Text.Json;
using VoiceAgent.Mocks.Apis;
using VoiceAgent.Mocks.Json;

namespace VoiceAgent.Mocks.Llm;

/// <summary>The plain text of a chat message, whether its content is a string or an array of content parts.</summary>
internal static class MessageText
{
    public static string Of(ChatMessage message, int index)
    {
        if (message.Content is not { } content)
        {
            return "";
        }

        switch (content.ValueKind)
        {
            case JsonValueKind.Null:
                return "";
            case JsonValueKind.String:
                return content.GetString()!;
            case JsonValueKind.Array:
                var text = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    if (part.ValueKind == JsonValueKind.Object
                        && part.TryGetProperty("type", out var type) && type.ValueEquals("text")
                        && part.TryGetProperty("text", out var partText) && partText.ValueKind == JsonValueKind.String)
                    {
                        text.Append(partText.GetString());
                    }
                }

                return text.ToString();
            default:
                throw new InvalidRequestException(
                    $"messages[{index}].content must be a string, an array of content parts or null.", $"messages[{index}].content");
        }
    }
}
