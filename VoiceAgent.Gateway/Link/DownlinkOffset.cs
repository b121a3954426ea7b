using System.Reflection;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Gateway.Link;

/// <summary>
/// The queue offset of a delivered lite message: seq = offset + 1. The client keeps it internal for now
/// (<c>MessageView.Offset</c>); this reads it once through a compiled getter until it is public
/// (see requests-from-gateway.md).
/// </summary>
internal static class DownlinkOffset
{
    private static readonly Func<MessageView, long> Getter = CreateGetter();

    /// <summary>The offset, or -1 when the server sent none.</summary>
    public static long Of(MessageView message) => Getter(message);

    private static Func<MessageView, long> CreateGetter()
    {
        var property = typeof(MessageView).GetProperty("Offset", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic)
            ?? throw new MissingMemberException(nameof(MessageView), "Offset");
        return property.GetGetMethod(nonPublic: true)!.CreateDelegate<Func<MessageView, long>>();
    }
}
