using System.Buffers;
using BenchmarkDotNet.Attributes;
using VoiceAgent.Redis;
using VoiceAgent.Redis.Protocol;

namespace VoiceAgent.Benchmarks.Redis;

/// <summary>Encoding commands into a reused buffer, as the connection's write loop does into its pipe.</summary>
[MemoryDiagnoser]
public class RespEncodeBenchmarks
{
    private readonly ArrayBufferWriter<byte> _output = new(64 * 1024);
    private readonly RedisArgument[] _get = ["session:3f2a9c1e:history"];
    private readonly RedisArgument[] _setLease = ["session:3f2a9c1e:lease", "processor-7f3c", "PX", 15_000, "NX"];
    private readonly RedisArgument[] _pushAudio;
    private readonly RedisArgument[] _evalSha;

    public RespEncodeBenchmarks()
    {
        // 20 ms of 16 kHz PCM16 mono: one audio frame.
        var frame = new byte[640];
        Random.Shared.NextBytes(frame);
        _pushAudio = ["session:3f2a9c1e:audio", frame];
        _evalSha = [new RedisScript("return 1").Sha1, 2, "session:3f2a9c1e:history", "session:3f2a9c1e:seq", "{\"role\":\"user\",\"text\":\"hello there\"}", 50, 3_600_000];
    }

    [Benchmark]
    public int Get() => Encode(RedisCommands.Get, _get);

    [Benchmark]
    public int SetLeaseNxPx() => Encode(RedisCommands.Set, _setLease);

    [Benchmark]
    public int RPushAudioFrame() => Encode(RedisCommands.RPush, _pushAudio);

    [Benchmark]
    public int EvalShaWithKeysAndArguments() => Encode(RedisCommands.EvalSha, _evalSha);

    private int Encode(RedisCommand command, RedisArgument[] arguments)
    {
        _output.ResetWrittenCount();
        RespCommandWriter.Write(_output, command, arguments);
        return _output.WrittenCount;
    }
}
