using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VoiceAgent.Realtime.Json;

/// <summary>One reusable <see cref="Utf8JsonWriter"/> per thread, so writing an event allocates no writer.</summary>
internal static class JsonWriterCache
{
    private static readonly JsonWriterOptions Options = new()
    {
        // Text deltas carry every language; only what JSON requires is escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    // Where a returned writer points until it is rented again; nothing is ever written to it.
    private static readonly ArrayBufferWriter<byte> Parking = new(1);

    [ThreadStatic]
    private static Utf8JsonWriter? _cached;

    /// <summary>A writer over <paramref name="output"/>; give it back with <see cref="Return"/> after flushing.</summary>
    public static Utf8JsonWriter Rent(IBufferWriter<byte> output)
    {
        var writer = _cached;
        if (writer is null)
        {
            return new Utf8JsonWriter(output, Options);
        }

        _cached = null;
        writer.Reset(output);
        return writer;
    }

    public static void Return(Utf8JsonWriter writer)
    {
        writer.Flush();
        writer.Reset(Parking);
        _cached = writer;
    }
}
