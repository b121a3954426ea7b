using Google.Protobuf;

namespace VoiceAgent.Grpc;

public static class ProtobufMarshaller
{
    public static Marshaller<T> For<T>()
        where T : IMessage<T>, IBufferMessage, new() => Cache<T>.Instance;

    private static class Cache<T>
        where T : IMessage<T>, IBufferMessage, new()
    {
        private static readonly MessageParser<T> Parser = new(() => new T());

        public static readonly Marshaller<T> Instance = new(
            static (message, writer) => message.WriteTo(writer),
            static payload => Parser.ParseFrom(payload));
    }
}
