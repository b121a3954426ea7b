using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>The last lines a replica wrote, in a fixed-size ring.</summary>
internal sealed class ReplicaLog(int capacity)
{
    private readonly Lock _gate = new();
    private readonly ResourceLogLine[] _lines = new ResourceLogLine[capacity];
    private long _written;

    public ResourceLogLine Append(string text, bool isErrorOutput)
    {
        lock (_gate)
        {
            var line = new ResourceLogLine(_written + 1, DateTimeOffset.UtcNow, text, isErrorOutput);
            _lines[_written % _lines.Length] = line;
            _written++;
            return line;
        }
    }

    /// <summary>The kept lines numbered after <paramref name="afterLine"/>, oldest first.</summary>
    public IReadOnlyList<ResourceLogLine> GetLines(long afterLine = 0)
    {
        lock (_gate)
        {
            var first = Math.Max(afterLine, Math.Max(0, _written - _lines.Length));
            var result = new List<ResourceLogLine>((int)Math.Max(0, _written - first));
            for (var number = first; number < _written; number++)
            {
                result.Add(_lines[number % _lines.Length]);
            }

            return result;
        }
    }
}
