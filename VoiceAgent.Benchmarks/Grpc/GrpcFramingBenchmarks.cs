using System.Buffers;
using BenchmarkDotNet.Attributes;
using Google.Protobuf.WellKnownTypes;
using VoiceAgent.Grpc.Internal;

namespace VoiceAgent.Benchmarks.Grpc;

/// <summary>Writing and reading one gRPC frame of a 640-byte protobuf message, without any I/O.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class GrpcFramingBenchmarks
{
    private readonly FrameBufferWriter _writer = new();
    private BytesValue _message = null!;
    private ReadOnlySequence<byte> _frame;

    [GlobalSetup]
    public void Setup()
    {
        _message = BenchmarkMessages.Create640ByteMessage();
        _frame = new ReadOnlySequence<byte>(_writer.WriteFrame(BenchmarkMessages.Marshaller, _message, null).ToArray());
        _writer.Reset();
    }

    [GlobalCleanup]
    public void Cleanup() => _writer.Dispose();

    /// <summary>Serializes the message behind its five byte prefix in the call's pooled buffer.</summary>
    [Benchmark]
    public int WriteFrame()
    {
        var length = _writer.WriteFrame(BenchmarkMessages.Marshaller, _message, 4 * 1024 * 1024).Length;
        _writer.Reset();
        return length;
    }

    /// <summary>Finds the frame and checks its prefix; no copy of the payload.</summary>
    [Benchmark]
    public long ReadFrame() =>
        FrameReader.TryReadFrame(_frame, 4 * 1024 * 1024, out var payload, out _) ? payload.Length : -1;

    /// <summary>Finds the frame and parses the message from the received bytes (allocates the message and its ByteString).</summary>
    [Benchmark]
    public BytesValue? ReadAndDeserialize() =>
        FrameReader.TryReadFrame(_frame, 4 * 1024 * 1024, out var payload, out _) ? BenchmarkMessages.Marshaller.Deserialize(payload) : null;
}
