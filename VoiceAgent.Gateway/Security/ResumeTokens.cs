using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoiceAgent.Gateway.Configuration;
using VoiceAgent.Realtime.Audio;
using VoiceAgent.Realtime.Events;

namespace VoiceAgent.Gateway.Security;

/// <summary>
/// Issues and checks resume tokens: <c>base64url(payload).base64url(HMAC-SHA256(key, payload))</c>, the payload
/// being a version byte, the expiry (Unix seconds), the <see cref="ResumeState"/> flags and formats, and the
/// session id. Every gateway shares the key (<c>VoiceAgent:ResumeKey</c>).
/// </summary>
internal sealed partial class ResumeTokens
{
    private const byte Version = 1;
    private const int HeaderLength = 1 + 8 + 1 + 1 + 1;
    private const byte BetaFlag = 1;
    private const byte BinaryFlag = 2;
    private const byte NoInterruptFlag = 4;

    private readonly byte[] _key;
    private readonly TimeSpan _lifetime;
    private readonly TimeProvider _time;

    public ResumeTokens(IOptions<GatewaySecurityOptions> security, IOptions<GatewayOptions> options, IHostEnvironment environment, ILogger<ResumeTokens> logger, TimeProvider time)
    {
        _time = time;
        _lifetime = options.Value.ResumeTokenLifetime;
        if (string.IsNullOrWhiteSpace(security.Value.ResumeKey))
        {
            // Development only (the options validator refuses this elsewhere): sessions resume on this process alone.
            _key = RandomNumberGenerator.GetBytes(32);
            Log.EphemeralResumeKey(logger, environment.EnvironmentName);
        }
        else
        {
            _key = SHA256.HashData(Encoding.UTF8.GetBytes(security.Value.ResumeKey));
        }
    }

    public string Issue(ResumeState state)
    {
        var id = Encoding.UTF8.GetBytes(state.SessionId);
        var payload = new byte[HeaderLength + id.Length];
        payload[0] = Version;
        BinaryPrimitives.WriteInt64BigEndian(payload.AsSpan(1), (_time.GetUtcNow() + _lifetime).ToUnixTimeSeconds());
        payload[9] = (byte)((state.Dialect == RealtimeDialect.Beta ? BetaFlag : 0)
            | (state.BinaryOutputAudio ? BinaryFlag : 0)
            | (state.InterruptResponse ? 0 : NoInterruptFlag));
        payload[10] = EncodeFormat(state.InputFormat);
        payload[11] = EncodeFormat(state.OutputFormat);
        id.CopyTo(payload, HeaderLength);
        var mac = HMACSHA256.HashData(_key, payload);
        return $"{Base64Url(payload)}.{Base64Url(mac)}";
    }

    /// <summary>Checks the signature, the expiry and that the token is for <paramref name="sessionId"/>.</summary>
    public bool TryValidate(string? token, string sessionId, out ResumeState? state, out string reason)
    {
        state = null;
        var dot = token?.IndexOf('.', StringComparison.Ordinal) ?? -1;
        if (token is null || dot <= 0)
        {
            reason = "The resume token is missing or malformed.";
            return false;
        }

        byte[] payload, mac;
        try
        {
            payload = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(0, dot));
            mac = System.Buffers.Text.Base64Url.DecodeFromChars(token.AsSpan(dot + 1));
        }
        catch (FormatException)
        {
            reason = "The resume token is malformed.";
            return false;
        }

        if (payload.Length <= HeaderLength || payload[0] != Version
            || !CryptographicOperations.FixedTimeEquals(mac, HMACSHA256.HashData(_key, payload)))
        {
            reason = "The resume token is not valid.";
            return false;
        }

        var expires = DateTimeOffset.FromUnixTimeSeconds(BinaryPrimitives.ReadInt64BigEndian(payload.AsSpan(1)));
        if (expires <= _time.GetUtcNow())
        {
            reason = "The resume token has expired.";
            return false;
        }

        var tokenSession = Encoding.UTF8.GetString(payload.AsSpan(HeaderLength));
        if (!string.Equals(tokenSession, sessionId, StringComparison.Ordinal))
        {
            reason = "The resume token is for another session.";
            return false;
        }

        var flags = payload[9];
        state = new ResumeState(
            sessionId,
            (flags & BetaFlag) != 0 ? RealtimeDialect.Beta : RealtimeDialect.Ga,
            (flags & BinaryFlag) != 0,
            DecodeFormat(payload[10]),
            DecodeFormat(payload[11]),
            (flags & NoInterruptFlag) == 0);
        reason = "";
        return true;
    }

    private static string Base64Url(byte[] bytes) => System.Buffers.Text.Base64Url.EncodeToString(bytes);

    private static byte EncodeFormat(AudioFormat? format) => format switch
    {
        null => 0,
        { Encoding: AudioEncoding.MuLaw } => 3,
        { Encoding: AudioEncoding.ALaw } => 4,
        { SampleRate: 16000 } => 2,
        _ => 1,
    };

    private static AudioFormat? DecodeFormat(byte code) => code switch
    {
        1 => AudioFormat.Pcm24k,
        2 => AudioFormat.Pcm16k,
        3 => AudioFormat.Pcmu,
        4 => AudioFormat.Pcma,
        _ => null,
    };
}
