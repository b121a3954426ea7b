using System.Buffers;
using System.IO.Pipelines;

namespace VoiceAgent.Processor.Providers;

/// <summary>
/// Reads a <c>text/event-stream</c> (the WHATWG server-sent events format) one event at a time: <c>data:</c> lines
/// are joined with line feeds, <c>event:</c> names the event, comments and other fields are ignored, and an event
/// ends at a blank line (or at the end of the stream). Line endings may be LF or CRLF. The event's data stays valid
/// until the next read.
/// </summary>
internal sealed class ServerSentEventReader : IAsyncDisposable
{
    private readonly PipeReader _reader;
    private readonly int _maxEventBytes;
    private readonly ArrayBufferWriter<byte> _data = new(1024);
    private bool _hasData;
    private bool _completed;

    public ServerSentEventReader(Stream stream, int maxEventBytes = 1024 * 1024)
    {
        _reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true));
        _maxEventBytes = maxEventBytes;
    }

    /// <summary>The <c>event:</c> field of the current event, or null (the default, <c>message</c>).</summary>
    public string? EventName { get; private set; }

    /// <summary>The current event's data: its <c>data:</c> lines joined by line feeds.</summary>
    public ReadOnlySpan<byte> Data => _data.WrittenSpan;

    /// <summary>Reads the next event that has data; false at the end of the stream.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        _data.ResetWrittenCount();
        _hasData = false;
        EventName = null;
        if (_completed)
        {
            return false;
        }

        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            if (ConsumeLines(ref buffer))
            {
                // Lines after the event may already be buffered: leave them unexamined so the next read sees them.
                _reader.AdvanceTo(buffer.Start);
                return true;
            }

            if (result.IsCompleted)
            {
                _completed = true;
                if (!buffer.IsEmpty)
                {
                    // A last line without its line ending.
                    ProcessLine(buffer.IsSingleSegment ? buffer.FirstSpan : buffer.ToArray());
                }

                _reader.AdvanceTo(buffer.End);
                return _hasData;
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    public ValueTask DisposeAsync() => _reader.CompleteAsync();

    private bool ConsumeLines(ref ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            var newline = buffer.PositionOf((byte)'\n');
            if (newline is null)
            {
                if (buffer.Length > _maxEventBytes)
                {
                    throw new InvalidDataException($"A server-sent event line is longer than {_maxEventBytes} bytes.");
                }

                return false;
            }

            var line = buffer.Slice(0, newline.Value);
            buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
            if (line.IsSingleSegment)
            {
                if (ProcessLine(line.FirstSpan))
                {
                    return true;
                }
            }
            else
            {
                var length = (int)line.Length;
                var rented = ArrayPool<byte>.Shared.Rent(length);
                try
                {
                    line.CopyTo(rented);
                    if (ProcessLine(rented.AsSpan(0, length)))
                    {
                        return true;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(rented);
                }
            }
        }
    }

    /// <summary>Applies one line; true when it was the blank line that ends an event with data.</summary>
    private bool ProcessLine(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == (byte)'\r')
        {
            line = line[..^1];
        }

        if (line.IsEmpty)
        {
            if (_hasData)
            {
                return true;
            }

            EventName = null;
            return false;
        }

        if (line[0] == (byte)':')
        {
            return false;
        }

        var colon = line.IndexOf((byte)':');
        var field = colon < 0 ? line : line[..colon];
        var value = colon < 0 ? [] : line[(colon + 1)..];
        if (!value.IsEmpty && value[0] == (byte)' ')
        {
            value = value[1..];
        }

        if (field.SequenceEqual("data"u8))
        {
            if (_hasData)
            {
                _data.Write("\n"u8);
            }

            if (_data.WrittenCount + value.Length > _maxEventBytes)
            {
                throw new InvalidDataException($"A server-sent event is longer than {_maxEventBytes} bytes.");
            }

            _data.Write(value);
            _hasData = true;
        }
        else if (field.SequenceEqual("event"u8))
        {
            EventName = System.Text.Encoding.UTF8.GetString(value);
        }

        return false;
    }
}
