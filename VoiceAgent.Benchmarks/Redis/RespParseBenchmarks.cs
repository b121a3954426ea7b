using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using VoiceAgent.Redis;
using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Benchmarks.Redis;

/// <summary>Framing and decoding replies, as the connection's read loop does for every reply.</summary>
[MemoryDiagnoser]
public class RespParseBenchmarks
{
    private readonly RespFrameScanner _scanner = new();
    private ReadOnlySequence<byte> _integer;
    private ReadOnlySequence<byte> _bulk256;
    private ReadOnlySequence<byte> _bulk16KiBInFourSegments;
    private ReadOnlySequence<byte> _array100;
    private ReadOnlySequence<byte> _hash20;

    [GlobalSetup]
    public void Setup()
    {
        _integer = Sequence(":1234567\r\n");
        _bulk256 = Sequence(Bulk(new string('a', 256)));
        var bulk16 = Encoding.ASCII.GetBytes(Bulk(new string('b', 16 * 1024)));
        _bulk16KiBInFourSegments = Segments.Split(bulk16, 4);
        _array100 = Sequence("*100\r\n" + string.Concat(Enumerable.Range(0, 100).Select(i => Bulk($"{{\"turn\":{i},\"text\":\"{new string('x', 40)}\"}}"))));
        _hash20 = Sequence("*40\r\n" + string.Concat(Enumerable.Range(0, 20).Select(i => Bulk($"field{i}") + Bulk($"value {i}"))));
    }

    [Benchmark]
    public long Integer()
    {
        var reader = Frame(_integer);
        return reader.ReadInteger();
    }

    [Benchmark]
    public int Bulk256AsBytes()
    {
        var reader = Frame(_bulk256);
        return reader.ReadValue().Length;
    }

    [Benchmark]
    public int Bulk256AsString()
    {
        var reader = Frame(_bulk256);
        return reader.ReadString()!.Length;
    }

    [Benchmark]
    public int Bulk16KiBSplitAcrossFourSegments()
    {
        var reader = Frame(_bulk16KiBInFourSegments);
        return reader.ReadValue().Length;
    }

    [Benchmark]
    public int LRangeOf100Values()
    {
        var reader = Frame(_array100);
        return ReplyDecoders.ValueArray(ref reader).Length;
    }

    [Benchmark]
    public int HGetAllOf20Fields()
    {
        var reader = Frame(_hash20);
        return ReplyDecoders.Hash(ref reader).Count;
    }

    [Benchmark]
    public int GenericReplyOf100Values()
    {
        var reader = Frame(_array100);
        return reader.ReadReply().Elements.Count;
    }

    private static string Bulk(string text) => $"${Encoding.UTF8.GetByteCount(text)}\r\n{text}\r\n";

    private static ReadOnlySequence<byte> Sequence(string wire) => new(Encoding.UTF8.GetBytes(wire));

    private RespReader Frame(in ReadOnlySequence<byte> buffer)
    {
        if (!_scanner.TryScan(buffer, out var end))
        {
            throw new InvalidOperationException("Incomplete frame.");
        }

        return new RespReader(buffer.Slice(0, end));
    }
}
