using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;

namespace VoiceAgent.Tests.Grpc;

/// <summary>Sends hand-made gRPC requests over HTTP/2 and reads the raw answer, to test what a conforming client never sends.</summary>
internal sealed class RawGrpcClient : IDisposable
{
    private readonly HttpClient _client;

    private RawGrpcClient(HttpClient client)
    {
        _client = client;
    }

    public static RawGrpcClient Create() => new(new HttpClient(new SocketsHttpHandler()) { Timeout = System.Threading.Timeout.InfiniteTimeSpan });

    /// <summary>A frame: the compressed flag, a big-endian length (the payload's unless given) and the payload.</summary>
    public static byte[] Frame(ReadOnlySpan<byte> payload, byte flag = 0, int? declaredLength = null)
    {
        var frame = new byte[5 + payload.Length];
        frame[0] = flag;
        BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), declaredLength ?? payload.Length);
        payload.CopyTo(frame.AsSpan(5));
        return frame;
    }

    public async Task<RawGrpcResponse> SendAsync(
        Uri address, string path, byte[] body, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(body),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        var contentType = "application/grpc";
        foreach (var (name, value) in headers)
        {
            if (name == "content-type")
            {
                contentType = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }

        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseContentRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new RawGrpcResponse(
            response.StatusCode,
            Find(response, "grpc-status"),
            Find(response, "grpc-message"),
            ParseFrames(bytes),
            response.TrailingHeaders.Any());
    }

    /// <summary>
    /// Sends <paramref name="body"/> and then keeps the request stream open (no END_STREAM) until the response ends,
    /// like a peer that stalls in the middle of a message.
    /// </summary>
    public async Task<RawGrpcResponse> SendAndStallAsync(Uri address, string path, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, path))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new StallingContent(body),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/grpc");
        using var response = await _client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        return new RawGrpcResponse(
            response.StatusCode,
            Find(response, "grpc-status"),
            Find(response, "grpc-message"),
            ParseFrames(bytes),
            response.TrailingHeaders.Any());
    }

    public void Dispose() => _client.Dispose();

    private static string? Find(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.First()
        : response.Headers.TryGetValues(name, out var header) ? header.First()
        : null;

    private static List<byte[]> ParseFrames(byte[] body)
    {
        var messages = new List<byte[]>();
        var offset = 0;
        while (offset + 5 <= body.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(body.AsSpan(offset + 1));
            messages.Add(body.AsSpan(offset + 5, length).ToArray());
            offset += 5 + length;
        }

        return messages;
    }
}
