using System.Buffers;
using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using VoiceAgent.Realtime.Json;
using VoiceAgent.Realtime.Responses;
using VoiceAgent.Realtime.Sessions;

namespace VoiceAgent.Realtime.Events;

/// <summary>
/// Parses client event frames (UTF-8 JSON) in one pass with <see cref="Utf8JsonReader"/>: GA and beta shapes,
/// unknown fields ignored, clear OpenAI-shaped errors for malformed JSON, unknown event types and bad fields.
/// <c>input_audio_buffer.append</c> audio can be base64-decoded straight into a caller's (pooled) buffer.
/// </summary>
public static class ClientEventParser
{
    private const int MaxIdLength = 512;

    private enum Kind
    {
        Unknown,
        SessionUpdate,
        Append,
        Commit,
        Clear,
        ResponseCreate,
        ResponseCancel,
        Truncate,
    }

    /// <summary>Parses a frame; append audio is decoded into a new array.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out ClientEvent? clientEvent, [NotNullWhen(false)] out RealtimeError? error) =>
        TryParse(utf8Json, null, out clientEvent, out error);

    /// <summary>
    /// Parses a frame. When <paramref name="audioDestination"/> is given, the decoded audio of an
    /// <c>input_audio_buffer.append</c> is appended to it (and the event's <c>Audio</c> is empty).
    /// </summary>
    public static bool TryParse(
        ReadOnlySpan<byte> utf8Json,
        IBufferWriter<byte>? audioDestination,
        [NotNullWhen(true)] out ClientEvent? clientEvent,
        [NotNullWhen(false)] out RealtimeError? error)
    {
        clientEvent = null;
        var state = new ParseState();
        try
        {
            if (!Scan(utf8Json, ref state))
            {
                error = state.Error!;
                return false;
            }

            if (!Build(utf8Json, ref state, audioDestination, out clientEvent, out error))
            {
                error = error.WithEventId(state.EventId);
                return false;
            }

            return true;
        }
        catch (JsonException e)
        {
            error = JsonErrors.InvalidJson(e).WithEventId(state.EventId);
            return false;
        }
        catch (InvalidOperationException)
        {
            error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidJson, "The event contains invalid UTF-8.").WithEventId(state.EventId);
            return false;
        }
        finally
        {
            if (state.UnescapedAudio is not null)
            {
                ArrayPool<byte>.Shared.Return(state.UnescapedAudio);
            }
        }
    }

    private static bool Scan(ReadOnlySpan<byte> json, ref ParseState state)
    {
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            state.Error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidJson, "An event must be a JSON object.");
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("type"u8))
            {
                reader.Read();
                ReadType(ref reader, ref state);
            }
            else if (reader.ValueTextEquals("event_id"u8))
            {
                reader.Read();
                state.EventId = ReadOptionalString(ref reader, "event_id", ref state);
            }
            else if (reader.ValueTextEquals("audio"u8))
            {
                reader.Read();
                ReadAudioToken(ref reader, json, ref state);
            }
            else if (reader.ValueTextEquals("session"u8))
            {
                reader.Read();
                if (state.Kind is Kind.SessionUpdate or Kind.Unknown && state.Pending is null)
                {
                    if (SessionUpdateReader.TryRead(ref reader, json, out var session, out var sessionError))
                    {
                        state.Session = session;
                    }
                    else
                    {
                        state.SessionError = sessionError;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("response"u8))
            {
                reader.Read();
                if (state.Kind is Kind.ResponseCreate or Kind.Unknown && state.Pending is null && reader.TokenType != JsonTokenType.Null)
                {
                    if (ResponseCreateReader.TryRead(ref reader, json, out var response, out var responseError))
                    {
                        state.Response = response;
                    }
                    else
                    {
                        state.ResponseError = responseError;
                    }
                }
                else
                {
                    reader.Skip();
                }
            }
            else if (reader.ValueTextEquals("response_id"u8))
            {
                reader.Read();
                state.ResponseId = ReadOptionalString(ref reader, "response_id", ref state);
            }
            else if (reader.ValueTextEquals("item_id"u8))
            {
                reader.Read();
                state.ItemId = ReadOptionalString(ref reader, "item_id", ref state);
            }
            else if (reader.ValueTextEquals("content_index"u8))
            {
                reader.Read();
                state.ContentIndex = ReadOptionalInt(ref reader, "content_index", ref state);
            }
            else if (reader.ValueTextEquals("audio_end_ms"u8))
            {
                reader.Read();
                state.AudioEndMs = ReadOptionalInt(ref reader, "audio_end_ms", ref state);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        // Anything after the object (or a truncated object) is malformed.
        if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
        {
            state.Error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidJson, "The event is not a single JSON object.");
            return false;
        }

        return true;
    }

    private static void ReadType(ref Utf8JsonReader reader, ref ParseState state)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            state.Pending ??= RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidType, "'type' must be a string.", "type");
            state.TypeSeen = true;
            return;
        }

        state.TypeSeen = true;
        state.Kind =
            reader.ValueTextEquals("input_audio_buffer.append"u8) ? Kind.Append
            : reader.ValueTextEquals("session.update"u8) ? Kind.SessionUpdate
            : reader.ValueTextEquals("input_audio_buffer.commit"u8) ? Kind.Commit
            : reader.ValueTextEquals("input_audio_buffer.clear"u8) ? Kind.Clear
            : reader.ValueTextEquals("response.create"u8) ? Kind.ResponseCreate
            : reader.ValueTextEquals("response.cancel"u8) ? Kind.ResponseCancel
            : reader.ValueTextEquals("conversation.item.truncate"u8) ? Kind.Truncate
            : Kind.Unknown;
        if (state.Kind == Kind.Unknown)
        {
            var name = reader.GetString() ?? "";
            if (name.Length > 64)
            {
                name = name[..64] + "...";
            }

            state.Pending ??= RealtimeError.InvalidRequest(
                RealtimeErrorCodes.InvalidValue,
                $"Unsupported event type '{name}'. Supported client events: {string.Join(", ", RealtimeEventTypes.ClientEvents)}.",
                "type");
        }
    }

    private static void ReadAudioToken(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, ref ParseState state)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            state.AudioError = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidType, "'audio' must be a base64 string.", "audio");
            return;
        }

        state.AudioError = null;
        if (!reader.ValueIsEscaped)
        {
            state.AudioStart = (int)reader.TokenStartIndex + 1;
            state.AudioLength = reader.ValueSpan.Length;
            return;
        }

        // Rare: an escaped base64 string (e.g. "\/"); unescape it into a pooled buffer.
        if (state.UnescapedAudio is not null)
        {
            ArrayPool<byte>.Shared.Return(state.UnescapedAudio);
        }

        state.UnescapedAudio = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        state.AudioLength = reader.CopyString(state.UnescapedAudio);
        state.AudioStart = -1;
    }

    private static string? ReadOptionalString(ref Utf8JsonReader reader, string name, ref ParseState state)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                var value = reader.GetString();
                if (value is { Length: > MaxIdLength })
                {
                    state.Pending ??= RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, $"'{name}' is longer than {MaxIdLength} characters.", name);
                    return null;
                }

                return value;
            case JsonTokenType.Null:
                return null;
            default:
                reader.Skip();
                state.Pending ??= RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidType, $"'{name}' must be a string.", name);
                return null;
        }
    }

    private static int? ReadOptionalInt(ref Utf8JsonReader reader, string name, ref ParseState state)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value))
        {
            if (value < 0)
            {
                state.Pending ??= RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidValue, $"'{name}' must not be negative.", name);
                return null;
            }

            return value;
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        reader.Skip();
        state.Pending ??= RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidType, $"'{name}' must be an integer.", name);
        return null;
    }

    private static bool Build(
        ReadOnlySpan<byte> json,
        ref ParseState state,
        IBufferWriter<byte>? audioDestination,
        [NotNullWhen(true)] out ClientEvent? clientEvent,
        [NotNullWhen(false)] out RealtimeError? error)
    {
        clientEvent = null;
        if (!state.TypeSeen)
        {
            error = RealtimeError.InvalidRequest(RealtimeErrorCodes.MissingRequiredParameter, "Missing required parameter: 'type'.", "type");
            return false;
        }

        if (state.Pending is not null)
        {
            error = state.Pending;
            return false;
        }

        switch (state.Kind)
        {
            case Kind.Append:
                return BuildAppend(json, ref state, audioDestination, out clientEvent, out error);
            case Kind.SessionUpdate:
                if (state.SessionError is not null)
                {
                    error = state.SessionError;
                    return false;
                }

                if (state.Session is null)
                {
                    error = Missing("session");
                    return false;
                }

                clientEvent = new SessionUpdateEvent(state.Session) { EventId = state.EventId };
                break;
            case Kind.Commit:
                clientEvent = new InputAudioBufferCommitEvent { EventId = state.EventId };
                break;
            case Kind.Clear:
                clientEvent = new InputAudioBufferClearEvent { EventId = state.EventId };
                break;
            case Kind.ResponseCreate:
                if (state.ResponseError is not null)
                {
                    error = state.ResponseError;
                    return false;
                }

                clientEvent = new ResponseCreateEvent(state.Response) { EventId = state.EventId };
                break;
            case Kind.ResponseCancel:
                clientEvent = new ResponseCancelEvent(state.ResponseId) { EventId = state.EventId };
                break;
            case Kind.Truncate:
                if (state.ItemId is null)
                {
                    error = Missing("item_id");
                    return false;
                }

                if (state.AudioEndMs is null)
                {
                    error = Missing("audio_end_ms");
                    return false;
                }

                clientEvent = new ConversationItemTruncateEvent(state.ItemId, state.ContentIndex ?? 0, state.AudioEndMs.Value) { EventId = state.EventId };
                break;
        }

        error = null;
        return clientEvent is not null;
    }

    private static bool BuildAppend(
        ReadOnlySpan<byte> json,
        ref ParseState state,
        IBufferWriter<byte>? audioDestination,
        [NotNullWhen(true)] out ClientEvent? clientEvent,
        [NotNullWhen(false)] out RealtimeError? error)
    {
        clientEvent = null;
        if (state.AudioError is not null)
        {
            error = state.AudioError;
            return false;
        }

        if (state.AudioLength < 0)
        {
            error = Missing("audio");
            return false;
        }

        var base64 = state.AudioStart >= 0
            ? json.Slice(state.AudioStart, state.AudioLength)
            : state.UnescapedAudio.AsSpan(0, state.AudioLength);
        var maxLength = Base64.GetMaxDecodedFromUtf8Length(base64.Length);
        byte[]? array = null;
        var target = audioDestination is not null ? audioDestination.GetSpan(maxLength) : (array = new byte[maxLength]);
        var status = Base64.DecodeFromUtf8(base64, target, out _, out var written);
        if (status != OperationStatus.Done)
        {
            error = RealtimeError.InvalidRequest(RealtimeErrorCodes.InvalidAudio, "'audio' is not valid base64.", "audio");
            return false;
        }

        ReadOnlyMemory<byte> audio;
        if (audioDestination is not null)
        {
            audioDestination.Advance(written);
            audio = ReadOnlyMemory<byte>.Empty;
        }
        else
        {
            audio = array.AsMemory(0, written);
        }

        clientEvent = new InputAudioBufferAppendEvent(audio) { EventId = state.EventId, AudioLength = written };
        error = null;
        return true;
    }

    private static RealtimeError Missing(string param) =>
        RealtimeError.InvalidRequest(RealtimeErrorCodes.MissingRequiredParameter, $"Missing required parameter: '{param}'.", param);

    private struct ParseState
    {
        public ParseState()
        {
        }

        public Kind Kind;
        public bool TypeSeen;
        public string? EventId;
        public RealtimeError? Error;
        public RealtimeError? Pending;
        public int AudioStart = -1;
        public int AudioLength = -1;
        public byte[]? UnescapedAudio;
        public RealtimeError? AudioError;
        public SessionUpdate? Session;
        public RealtimeError? SessionError;
        public ResponseCreateOptions? Response;
        public RealtimeError? ResponseError;
        public string? ResponseId;
        public string? ItemId;
        public int? ContentIndex;
        public int? AudioEndMs;
    }
}
