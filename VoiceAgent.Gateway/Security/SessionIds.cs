using System.Security.Cryptography;

namespace VoiceAgent.Gateway.Security;

/// <summary>New session and connection ids, and the check that a client-given session id can name a lite topic.</summary>
internal static class SessionIds
{
    public const int MaxLength = 64;

    public static string NewSessionId() => "sess_" + RandomHex(12);

    public static string NewConnectionId() => "conn_" + RandomHex(12);

    /// <summary>1 to 64 letters, digits, '_' or '-': what a lite topic name may be.</summary>
    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    private static string RandomHex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}
