using System.Security.Cryptography;
using System.Text;
using VoiceAgent.Grpc;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// Builds the <c>x-mq-*</c> request headers of one client and, with credentials, the
/// <c>authorization: MQv2-HMAC-SHA1 ...</c> header: an upper-case hex HMAC-SHA1 of the
/// <c>x-mq-date-time</c> value keyed by the secret. The signature only changes once a second, so the
/// date-time and authorization values of the current second are kept and reused.
/// </summary>
internal sealed class RequestSigner
{
    public const string DateTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    private readonly RocketMQClientOptions _options;
    private readonly string _clientId;
    private readonly TimeProvider _timeProvider;
    private readonly byte[]? _secret;
    private SignedSecond? _current;

    public RequestSigner(RocketMQClientOptions options, string clientId, TimeProvider timeProvider)
    {
        _options = options;
        _clientId = clientId;
        _timeProvider = timeProvider;
        _secret = options.HasCredentials ? Encoding.UTF8.GetBytes(options.SecretKey!) : null;
    }

    /// <summary>The headers of one request, with a fresh request id.</summary>
    public Metadata CreateHeaders()
    {
        var second = CurrentSecond();
        var headers = new Metadata
        {
            { "x-mq-protocol", "v2" },
            { "x-mq-client-id", _clientId },
            { "x-mq-request-id", Guid.NewGuid().ToString() },
            { "x-mq-date-time", second.DateTime },
            { "x-mq-language", ClientIdentity.Language },
            { "x-mq-client-version", ClientIdentity.Version },
        };

        if (!string.IsNullOrEmpty(_options.Namespace))
        {
            headers.Add("x-mq-namespace", _options.Namespace);
        }

        if (!string.IsNullOrEmpty(_options.SecurityToken))
        {
            headers.Add("x-mq-session-token", _options.SecurityToken);
        }

        if (second.Authorization is not null)
        {
            headers.Add("authorization", second.Authorization);
        }

        return headers;
    }

    /// <summary>Upper-case hex HMAC-SHA1 of <paramref name="dateTime"/> keyed by <paramref name="secret"/>.</summary>
    public static string Sign(ReadOnlySpan<byte> secret, string dateTime)
    {
        var byteCount = Encoding.UTF8.GetByteCount(dateTime);
        Span<byte> data = byteCount <= 64 ? stackalloc byte[64] : new byte[byteCount];
        var length = Encoding.UTF8.GetBytes(dateTime, data);
        Span<byte> hash = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(secret, data[..length], hash);
        return Convert.ToHexString(hash);
    }

    public static string FormatDateTime(DateTimeOffset time) =>
        time.UtcDateTime.ToString(DateTimeFormat, System.Globalization.CultureInfo.InvariantCulture);

    private SignedSecond CurrentSecond()
    {
        var now = _timeProvider.GetUtcNow();
        var unixSecond = now.ToUnixTimeSeconds();
        var current = _current;
        if (current is not null && current.UnixSecond == unixSecond)
        {
            return current;
        }

        var dateTime = FormatDateTime(now);
        string? authorization = null;
        if (_secret is not null)
        {
            authorization = $"MQv2-HMAC-SHA1 Credential={_options.AccessKey}, SignedHeaders=x-mq-date-time, Signature={Sign(_secret, dateTime)}";
        }

        current = new SignedSecond(unixSecond, dateTime, authorization);
        _current = current;
        return current;
    }

    private sealed record SignedSecond(long UnixSecond, string DateTime, string? Authorization);
}
