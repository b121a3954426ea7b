using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace VoiceAgent.Realtime.Audio;

/// <summary>
/// An audio format of the client protocol: <c>audio/pcm</c> at 24 kHz (the default) or 16 kHz, <c>audio/pcmu</c>
/// or <c>audio/pcma</c> (8 kHz G.711). Always mono.
/// </summary>
public readonly record struct AudioFormat
{
    /// <summary>The GA type of PCM16.</summary>
    public const string PcmType = "audio/pcm";

    /// <summary>The GA type of G.711 µ-law.</summary>
    public const string PcmuType = "audio/pcmu";

    /// <summary>The GA type of G.711 A-law.</summary>
    public const string PcmaType = "audio/pcma";

    private AudioFormat(AudioEncoding encoding, int sampleRate)
    {
        Encoding = encoding;
        SampleRate = sampleRate;
    }

    /// <summary>PCM16 at 24 kHz, the default of the protocol.</summary>
    public static AudioFormat Pcm24k { get; } = new(AudioEncoding.Pcm16, 24000);

    /// <summary>PCM16 at 16 kHz.</summary>
    public static AudioFormat Pcm16k { get; } = new(AudioEncoding.Pcm16, 16000);

    /// <summary>G.711 µ-law at 8 kHz.</summary>
    public static AudioFormat Pcmu { get; } = new(AudioEncoding.MuLaw, 8000);

    /// <summary>G.711 A-law at 8 kHz.</summary>
    public static AudioFormat Pcma { get; } = new(AudioEncoding.ALaw, 8000);

    /// <summary>The default format, <see cref="Pcm24k"/>.</summary>
    public static AudioFormat Default => Pcm24k;

    public AudioEncoding Encoding { get; }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>The GA type name: <c>audio/pcm</c>, <c>audio/pcmu</c> or <c>audio/pcma</c>.</summary>
    public string Type => Encoding switch
    {
        AudioEncoding.MuLaw => PcmuType,
        AudioEncoding.ALaw => PcmaType,
        _ => PcmType,
    };

    /// <summary>The beta name: <c>pcm16</c>, <c>g711_ulaw</c> or <c>g711_alaw</c>.</summary>
    public string BetaName => Encoding switch
    {
        AudioEncoding.MuLaw => "g711_ulaw",
        AudioEncoding.ALaw => "g711_alaw",
        _ => "pcm16",
    };

    /// <summary>Bytes per sample: 2 for PCM16, 1 for G.711.</summary>
    public int BytesPerSample => Encoding == AudioEncoding.Pcm16 ? 2 : 1;

    public int BytesPerSecond => SampleRate * BytesPerSample;

    /// <summary>
    /// Finds the format for a GA <c>type</c> (also <c>pcm16</c>, <c>pcm</c>, <c>g711_ulaw</c>, <c>pcmu</c>,
    /// <c>g711_alaw</c>, <c>pcma</c>) and an optional rate; <paramref name="error"/> says what is wrong otherwise.
    /// </summary>
    public static bool TryCreate(string? type, int? rate, out AudioFormat format, [NotNullWhen(false)] out string? error)
    {
        format = default;
        switch (type)
        {
            case PcmType or "pcm16" or "pcm":
                if (rate is null or 24000)
                {
                    format = Pcm24k;
                    break;
                }

                if (rate == 16000)
                {
                    format = Pcm16k;
                    break;
                }

                error = $"Unsupported rate {rate} for audio/pcm: use 24000 or 16000.";
                return false;
            case PcmuType or "g711_ulaw" or "pcmu":
                format = Pcmu;
                break;
            case PcmaType or "g711_alaw" or "pcma":
                format = Pcma;
                break;
            default:
                error = $"Unsupported audio format '{type}': use audio/pcm, audio/pcmu or audio/pcma.";
                return false;
        }

        if (rate is { } r && r != format.SampleRate)
        {
            format = default;
            error = $"Unsupported rate {r} for {type}: G.711 is 8000 Hz.";
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>The format's form in the link's <c>format</c> property: <c>audio/pcm;rate=24000</c>, <c>audio/pcmu</c>.</summary>
    public string ToLinkString() => Encoding == AudioEncoding.Pcm16
        ? SampleRate == 24000 ? "audio/pcm;rate=24000" : "audio/pcm;rate=16000"
        : Type;

    /// <summary>Reads what <see cref="ToLinkString"/> wrote.</summary>
    public static bool TryParseLinkString(string? value, out AudioFormat format)
    {
        format = default;
        if (value is null)
        {
            return false;
        }

        var semicolon = value.IndexOf(';', StringComparison.Ordinal);
        if (semicolon < 0)
        {
            return TryCreate(value, null, out format, out _);
        }

        var type = value[..semicolon];
        var parameter = value[(semicolon + 1)..].Trim();
        const string RatePrefix = "rate=";
        if (!parameter.StartsWith(RatePrefix, StringComparison.Ordinal)
            || !int.TryParse(parameter.AsSpan(RatePrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var rate))
        {
            return false;
        }

        return TryCreate(type, rate, out format, out _);
    }

    /// <summary>How long <paramref name="byteCount"/> bytes of this format play.</summary>
    public TimeSpan GetDuration(long byteCount) =>
        TimeSpan.FromTicks(byteCount * TimeSpan.TicksPerSecond / BytesPerSecond);

    /// <summary>Milliseconds that <paramref name="byteCount"/> bytes of this format play.</summary>
    public double GetDurationMilliseconds(long byteCount) => byteCount * 1000.0 / BytesPerSecond;

    /// <summary>The bytes of <paramref name="duration"/> of audio, rounded down to whole samples.</summary>
    public int GetByteCount(TimeSpan duration) =>
        checked((int)(duration.Ticks * SampleRate / TimeSpan.TicksPerSecond)) * BytesPerSample;

    /// <summary>Whether <paramref name="audio"/> is a valid chunk of this format (PCM16 needs an even byte count).</summary>
    public bool IsValidChunk(ReadOnlySpan<byte> audio, [NotNullWhen(false)] out string? error)
    {
        if (Encoding == AudioEncoding.Pcm16 && (audio.Length & 1) != 0)
        {
            error = $"PCM16 audio needs an even number of bytes; got {audio.Length}.";
            return false;
        }

        error = null;
        return true;
    }

    public override string ToString() => ToLinkString();
}
