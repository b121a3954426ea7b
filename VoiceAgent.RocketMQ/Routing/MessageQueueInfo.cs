using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>One queue of a topic route: where it lives and what it accepts.</summary>
internal sealed class MessageQueueInfo : IEquatable<MessageQueueInfo>
{
    public const int MasterBrokerId = 0;

    public MessageQueueInfo(Proto.MessageQueue queue)
    {
        Protobuf = queue;
        Topic = queue.Topic?.Name ?? "";
        Id = queue.Id;
        Permission = queue.Permission;
        BrokerName = queue.Broker?.Name ?? "";
        BrokerId = queue.Broker?.Id ?? MasterBrokerId;
        Endpoints = BrokerEndpoints.FromProtobuf(queue.Broker?.Endpoints ?? throw new FormatException($"Queue {queue.Id} of topic {Topic} has no broker endpoints."));
        AcceptMessageTypes = [.. queue.AcceptMessageTypes];
    }

    public Proto.MessageQueue Protobuf { get; }

    public string Topic { get; }

    public int Id { get; }

    public Proto.Permission Permission { get; }

    public string BrokerName { get; }

    public int BrokerId { get; }

    public BrokerEndpoints Endpoints { get; }

    public IReadOnlyList<Proto.MessageType> AcceptMessageTypes { get; }

    public bool IsWritable => Permission is Proto.Permission.Write or Proto.Permission.ReadWrite;

    public bool IsReadable => Permission is Proto.Permission.Read or Proto.Permission.ReadWrite;

    public bool IsMaster => BrokerId == MasterBrokerId;

    public bool Equals(MessageQueueInfo? other) =>
        other is not null
        && Id == other.Id
        && Topic == other.Topic
        && BrokerName == other.BrokerName
        && BrokerId == other.BrokerId
        && Permission == other.Permission
        && Endpoints.Equals(other.Endpoints)
        && AcceptMessageTypes.SequenceEqual(other.AcceptMessageTypes);

    public override bool Equals(object? obj) => Equals(obj as MessageQueueInfo);

    public override int GetHashCode() => HashCode.Combine(Topic, BrokerName, Id);

    public override string ToString() => $"{Topic}@{BrokerName}#{Id}";
}
