using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace VoiceAgent.LoadTest.Probes;

/// <summary>Asks the broker's <see cref="GcProbeServer"/> for its managed memory.</summary>
internal sealed class GcProbeClient(string socketPath)
{
    public string SocketPath { get; } = socketPath;

    /// <summary>Forces a compacting full collection in the broker, then reports what is still alive.</summary>
    public Task<GcSnapshot> CollectAsync(CancellationToken cancellationToken) => AskAsync((byte)'C', cancellationToken);

    /// <summary>Reports the heap as it is, without a collection.</summary>
    public Task<GcSnapshot> PeekAsync(CancellationToken cancellationToken) => AskAsync((byte)'P', cancellationToken);

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await PeekAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private async Task<GcSnapshot> AskAsync(byte command, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken).ConfigureAwait(false);
        await socket.SendAsync(new[] { command }, cancellationToken).ConfigureAwait(false);
        var buffer = new byte[256];
        var length = 0;
        int read;
        while ((read = await socket.ReceiveAsync(buffer.AsMemory(length), cancellationToken).ConfigureAwait(false)) > 0)
        {
            length += read;
            if (buffer[length - 1] == (byte)'\n')
            {
                break;
            }
        }

        var parts = Encoding.ASCII.GetString(buffer, 0, length).Trim().Split(' ');
        if (parts.Length != 4)
        {
            throw new InvalidOperationException($"The broker's GC probe answered '{Encoding.ASCII.GetString(buffer, 0, length)}'.");
        }

        return new GcSnapshot(
            long.Parse(parts[0], CultureInfo.InvariantCulture),
            long.Parse(parts[1], CultureInfo.InvariantCulture),
            long.Parse(parts[2], CultureInfo.InvariantCulture),
            int.Parse(parts[3], CultureInfo.InvariantCulture));
    }
}
