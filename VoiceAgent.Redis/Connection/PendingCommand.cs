using System.Buffers;
using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Redis.Connection;

/// <summary>
/// A command and the task its caller awaits. Its state moves from queued to written (claimed by a connection) or
/// to abandoned (the caller timed out or cancelled before it was written, so it is never sent).
/// </summary>
internal sealed class PendingCommand<T> : TaskCompletionSource<T>, IPendingCommand
{
    private const int Queued = 0;
    private const int Written = 1;
    private const int Abandoned = 2;

    private readonly RedisArgument[] _arguments;
    private readonly ReplyDecoder<T> _decoder;
    private int _state;

    public PendingCommand(RedisCommand command, RedisArgument[] arguments, ReplyDecoder<T> decoder)
        : base(TaskCreationOptions.RunContinuationsAsynchronously)
    {
        Command = command;
        _arguments = arguments;
        _decoder = decoder;
    }

    public RedisCommand Command { get; }

    public bool IsWritten => Volatile.Read(ref _state) == Written;

    public bool TryMarkWritten() => Interlocked.CompareExchange(ref _state, Written, Queued) == Queued;

    /// <summary>
    /// The caller gives up (timeout or cancellation). An unwritten command will not be sent; a written one's
    /// reply will be read and dropped. False when the result arrived first.
    /// </summary>
    public bool Abandon()
    {
        Interlocked.CompareExchange(ref _state, Abandoned, Queued);
        return TrySetCanceled();
    }

    public void WriteTo(IBufferWriter<byte> output) => RespCommandWriter.Write(output, Command, _arguments);

    public void Complete(in ReadOnlySequence<byte> reply)
    {
        if (Task.IsCompleted)
        {
            return;
        }

        try
        {
            var reader = new RespReader(reply);
            if (reader.PeekKind() == RedisReplyKind.Error)
            {
                TrySetException(new RedisServerException(reader.ReadError()));
            }
            else
            {
                TrySetResult(_decoder(ref reader));
            }
        }
        catch (Exception exception)
        {
            // A decoding problem is this command's alone: the frame was valid, so the connection stays in step.
            TrySetException(new RedisException($"Unexpected reply to {Command.Name}: {exception.Message}", exception));
        }
    }

    public void Fail(Exception exception) => TrySetException(exception);
}
