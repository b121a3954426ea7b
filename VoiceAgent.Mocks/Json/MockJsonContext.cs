using System.Text.Json.Serialization;

namespace VoiceAgent.Mocks.Json;

/// <summary>Source-generated serialization of the OpenAI payloads, in their snake_case wire names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChatCompletionRequest))]
[JsonSerializable(typeof(ChatCompletionChunk))]
[JsonSerializable(typeof(ChatCompletion))]
[JsonSerializable(typeof(SpeechRequest))]
[JsonSerializable(typeof(TranscriptionResponse))]
[JsonSerializable(typeof(VerboseTranscriptionResponse))]
[JsonSerializable(typeof(ErrorResponse))]
internal sealed partial class MockJsonContext : JsonSerializerContext;
