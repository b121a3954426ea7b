using System.Buffers.Binary;
using System.Text.Json;
using VoiceAgent.Realtime.Events;

namespace VoiceAgent.LoadTest.Sessions;

/// <summary>What the session does with each server event: seq checks, session ids and tokens, turn stages.</summary>
internal sealed partial class RealtimeSession
{
    private void OnBinary(ReadOnlySpan<byte> frame, long now)
    {
        // VoiceAgent's binary output audio: an 8-byte big-endian seq, then the audio.
        if (frame.Length < sizeof(long))
        {
            metrics.ErrorEvent($"session {_sessionId}: a binary frame of {frame.Length} bytes has no seq");
            return;
        }

        CheckSeq(BinaryPrimitives.ReadInt64BigEndian(frame));
        Volatile.Read(ref _turn)?.Reach(TurnStage.FirstAudio, now);
    }

    private void OnText(ReadOnlySpan<byte> json, long now)
    {
        if (!ServerEventReader.TryReadHeader(json, out var header))
        {
            metrics.ErrorEvent($"session {_sessionId}: a server event is not an object with a type");
            return;
        }

        if (header.Seq is { } seq)
        {
            CheckSeq(seq);
        }

        var turn = Volatile.Read(ref _turn);
        switch (header.Type)
        {
            case "session.created":
                ReadSession(json);
                _created.TrySetResult();
                break;
            case "session.updated":
                ReadSession(json);
                _updated.TrySetResult();
                break;
            case "session.resumed":
                ReadSession(json);
                break;
            case "input_audio_buffer.committed":
                turn?.Reach(TurnStage.Committed, now);
                break;
            case "conversation.item.input_audio_transcription.completed":
                turn?.Reach(TurnStage.Transcribed, now);
                break;
            case "response.created":
                turn?.Reach(TurnStage.ResponseCreated, now);
                break;
            case "response.output_text.delta" or "response.output_audio_transcript.delta" or "response.text.delta" or "response.audio_transcript.delta":
                turn?.Reach(TurnStage.FirstText, now);
                break;
            case "response.output_audio.delta" or "response.audio.delta":
                turn?.Reach(TurnStage.FirstAudio, now);
                break;
            case "response.done":
                turn?.Complete(ReadResponseStatus(json), now);
                break;
            case "error":
                var error = ServerEventReader.TryReadError(json, out var e) ? $"{e.Code ?? e.Type}: {e.Message}" : "unreadable error";
                metrics.ErrorEvent($"session {_sessionId}: error event {error}");
                break;
        }
    }

    /// <summary>Seq must rise by one per event (this client never cancels, so the gateway drops nothing).</summary>
    private void CheckSeq(long seq)
    {
        if (seq <= _lastSeq)
        {
            metrics.Duplicate();
            return;
        }

        if (seq > _lastSeq + 1)
        {
            metrics.Lost(seq - _lastSeq - 1);
        }

        _lastSeq = seq;
    }

    /// <summary>The session id and the latest resume token, from session.created, session.updated or session.resumed.</summary>
    private void ReadSession(ReadOnlySpan<byte> json)
    {
        if (!ServerEventReader.TryFindObject(json, "session"u8, out var reader))
        {
            return;
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var top = reader.CurrentDepth == depth + 1;
            var isId = top && reader.ValueTextEquals("id"u8);
            var isToken = top && reader.ValueTextEquals("resume_token"u8);
            reader.Read();
            if (reader.TokenType == JsonTokenType.String && (isId || isToken))
            {
                if (isId)
                {
                    _sessionId = reader.GetString();
                }
                else
                {
                    _resumeToken = reader.GetString();
                }
            }
            else
            {
                reader.Skip();
            }
        }
    }

    private static string ReadResponseStatus(ReadOnlySpan<byte> json)
    {
        if (!ServerEventReader.TryFindObject(json, "response"u8, out var reader))
        {
            return "unknown";
        }

        var depth = reader.CurrentDepth;
        while (reader.Read() && reader.CurrentDepth > depth)
        {
            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            var isStatus = reader.CurrentDepth == depth + 1 && reader.ValueTextEquals("status"u8);
            reader.Read();
            if (isStatus && reader.TokenType == JsonTokenType.String)
            {
                return reader.GetString() ?? "unknown";
            }

            reader.Skip();
        }

        return "unknown";
    }
}
