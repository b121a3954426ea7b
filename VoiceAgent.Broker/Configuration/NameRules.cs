using System.Text;

namespace VoiceAgent.Broker.Configuration;

/// <summary>RocketMQ's rules for resource names.</summary>
internal static class NameRules
{
    /// <summary>Topic and group names: letters, digits, <c>%</c>, <c>|</c>, <c>_</c> and <c>-</c>, at most 127 characters.</summary>
    public const int MaxResourceNameLength = 127;

    /// <summary>The LMQ prefix RocketMQ stores lite topics under; shown in the admin API for orientation.</summary>
    public const string LiteQueuePrefix = "%LMQ%$";

    public const string DeadLetterPrefix = "%DLQ%";

    public static bool IsValidResourceName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxResourceNameLength)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '%' or '|' or '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Lite topic names: <c>^[A-Za-z0-9_-]+$</c> and at most <paramref name="maxBytes"/> UTF-8 bytes.</summary>
    public static bool IsValidLiteTopicName(string? name, int maxBytes)
    {
        if (string.IsNullOrEmpty(name) || Encoding.UTF8.GetByteCount(name) > maxBytes)
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    public static void EnsureValidTopicName(string name, string spec)
    {
        if (!IsValidResourceName(name) || name.StartsWith(DeadLetterPrefix, StringComparison.Ordinal))
        {
            throw new FormatException(
                $"Topic '{spec}': '{name}' is not a valid topic name (letters, digits, '_', '-', '|' and '%', at most {MaxResourceNameLength}; not starting with {DeadLetterPrefix}).");
        }
    }

    public static void EnsureValidGroupName(string name, string spec)
    {
        if (!IsValidResourceName(name))
        {
            throw new FormatException(
                $"Group '{spec}': '{name}' is not a valid group name (letters, digits, '_', '-', '|' and '%', at most {MaxResourceNameLength}).");
        }
    }
}
