using System.Buffers;
using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis.Connection;

/// <summary>A command waiting in the outgoing queue or for its reply, whatever its result type.</summary>
internal interface IPendingCommand
{
    RedisCommand Command { get; }

    /// <summary>True once the command has been handed to a connection (the server may have run it).</summary>
    bool IsWritten { get; }

    /// <summary>Claims the command for writing; false when its caller already gave up, so it must not be sent.</summary>
    bool TryMarkWritten();

    void WriteTo(IBufferWriter<byte> output);

    /// <summary>Delivers the command's reply; a reply for a command whose caller gave up is discarded.</summary>
    void Complete(in ReadOnlySequence<byte> reply);

    void Fail(Exception exception);
}
