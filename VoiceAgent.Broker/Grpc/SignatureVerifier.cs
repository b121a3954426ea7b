using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using VoiceAgent.Broker.Configuration;
using Code = VoiceAgent.RocketMQ.Protocol.Code;

namespace VoiceAgent.Broker.Grpc;

/// <summary>
/// Checks RocketMQ's request signature: <c>authorization: MQv2-HMAC-SHA1 Credential=AK, SignedHeaders=x-mq-date-time,
/// Signature=HEX</c>, where HEX is HMAC-SHA1(secret key, value of x-mq-date-time) in upper case, and the date-time
/// lies within the clock-skew window.
/// </summary>
internal sealed class SignatureVerifier(BrokerOptions options, TimeProvider time)
{
    public const string Scheme = "MQv2-HMAC-SHA1";
    private const string DateTimeFormat = "yyyyMMdd'T'HHmmss'Z'";

    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.SecretKey ?? string.Empty);

    public bool Enabled { get; } = options.AuthenticationEnabled;

    public Outcome Verify(string? authorization, string? dateTime)
    {
        if (!Enabled)
        {
            return Outcome.Ok;
        }

        if (string.IsNullOrEmpty(authorization))
        {
            return Refuse("the request carries no authorization header");
        }

        if (!TryParse(authorization, out var credential, out var signedHeaders, out var signature))
        {
            return Refuse($"the authorization header is not of the form '{Scheme} Credential=..., SignedHeaders=..., Signature=...'");
        }

        var accessKey = credential.Split('/')[0];
        if (!FixedTimeEquals(accessKey, options.AccessKey!))
        {
            return Refuse("the access key is unknown");
        }

        if (!signedHeaders.Split(';', StringSplitOptions.TrimEntries).Contains(RequestHeaders.DateTime, StringComparer.OrdinalIgnoreCase))
        {
            return Refuse($"SignedHeaders must include {RequestHeaders.DateTime}");
        }

        if (!DateTime.TryParseExact(dateTime, DateTimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var signedAt))
        {
            return Refuse($"{RequestHeaders.DateTime} is missing or not in the form yyyyMMddTHHmmssZ");
        }

        var skew = (time.GetUtcNow().UtcDateTime - signedAt).Duration();
        if (skew > options.ClockSkew)
        {
            return Refuse($"{RequestHeaders.DateTime} is {skew.TotalSeconds:F0} s away from the broker's clock; the window is {options.ClockSkew.TotalSeconds:F0} s");
        }

        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(_secret, Encoding.UTF8.GetBytes(dateTime!), mac);
        if (!FixedTimeEquals(Convert.ToHexString(mac), signature.ToUpperInvariant()))
        {
            return Refuse("the signature does not match");
        }

        return Outcome.Ok;
    }

    private static Outcome Refuse(string reason) => new(Code.Unauthorized, $"Unauthorized: {reason}.");

    private static bool TryParse(string header, out string credential, out string signedHeaders, out string signature)
    {
        credential = signedHeaders = signature = string.Empty;
        if (!header.StartsWith(Scheme + " ", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var part in header[(Scheme.Length + 1)..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            if (eq <= 0)
            {
                return false;
            }

            var value = part[(eq + 1)..].Trim();
            switch (part[..eq].Trim())
            {
                case "Credential":
                    credential = value;
                    break;
                case "SignedHeaders":
                    signedHeaders = value;
                    break;
                case "Signature":
                    signature = value;
                    break;
            }
        }

        return credential.Length > 0 && signedHeaders.Length > 0 && signature.Length > 0;
    }

    private static bool FixedTimeEquals(string left, string right) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(left), Encoding.UTF8.GetBytes(right));
}
