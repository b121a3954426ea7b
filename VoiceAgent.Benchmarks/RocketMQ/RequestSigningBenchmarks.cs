using System.Text;
using BenchmarkDotNet.Attributes;
using VoiceAgent.RocketMQ;

namespace VoiceAgent.Benchmarks.RocketMQ;

/// <summary>
/// The <c>x-mq-*</c> headers of every request: the HMAC-SHA1 signature alone, and the full header set
/// (request id, date-time, and the authorization the signer reuses within a second).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class RequestSigningBenchmarks
{
    private static readonly byte[] Secret = Encoding.UTF8.GetBytes("secret-key-of-typical-length-0123456789");
    private RequestSigner _signer = null!;

    [GlobalSetup]
    public void Setup()
    {
        var options = new RocketMQClientOptions { Endpoints = "127.0.0.1:8081", AccessKey = "access-key", SecretKey = "secret-key-of-typical-length-0123456789", Namespace = "ns" };
        _signer = new RequestSigner(options, ClientIdentity.NextClientId(), TimeProvider.System);
    }

    [Benchmark]
    public string Sign() => RequestSigner.Sign(Secret, "20240309T070503Z");

    [Benchmark]
    public int CreateHeaders() => _signer.CreateHeaders().Count;
}
