using VoiceAgent.Mocks.Apis;
using VoiceAgent.Mocks.Json;

namespace VoiceAgent.Mocks.Llm;

/// <summary>What the answer depends on, taken from a validated chat completion request.</summary>
internal sealed record Conversation(string LastUserText, int UserTurns, int MessageCount, int PromptTokens)
{
    private static readonly string[] Roles = ["system", "developer", "user", "assistant", "tool", "function"];

    public static Conversation From(ChatCompletionRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Model))
        {
            throw new InvalidRequestException("You must provide a model parameter.", "model");
        }

        if (request.Messages is not { Count: > 0 } messages)
        {
            throw new InvalidRequestException("'messages' must hold at least one message.", "messages");
        }

        var lastUserText = "";
        var userTurns = 0;
        var promptTokens = 0;
        for (var i = 0; i < messages.Count; i++)
        {
            var message = messages[i] ?? throw new InvalidRequestException($"messages[{i}] is null.", $"messages[{i}]");
            if (message.Role is null || !Roles.Contains(message.Role))
            {
                throw new InvalidRequestException(
                    $"messages[{i}].role must be one of: {string.Join(", ", Roles)}.", $"messages[{i}].role");
            }

            var text = MessageText.Of(message, i);
            promptTokens += AnswerTokenizer.Count(text);
            if (message.Role == "user")
            {
                lastUserText = text;
                userTurns++;
            }
        }

        return new Conversation(lastUserText, userTurns, messages.Count, promptTokens);
    }
}
