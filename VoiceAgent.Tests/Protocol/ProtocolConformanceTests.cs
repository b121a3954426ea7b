using Google.Protobuf.Reflection;

namespace VoiceAgent.Tests.Protocol;

public sealed class ProtocolConformanceTests
{
    [Fact]
    public async Task OurProtoFilesMatchTheOfficialRocketMQProtocol()
    {
        var ours = await ProtoDescriptors.CompileOursAsync();
        var official = await ProtoDescriptors.CompileOfficialAsync();

        var problems = ProtoContractComparer.Compare(ours, official);

        Assert.True(problems.Count == 0, "Protocol mismatches:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task WeDeclareTheWholeMessagingService()
    {
        var ours = await ProtoDescriptors.CompileOursAsync();
        var official = await ProtoDescriptors.CompileOfficialAsync();

        var ourMethods = MethodNames(ours);
        var officialMethods = MethodNames(official);

        Assert.Equal(officialMethods, ourMethods);
    }

    [Fact]
    public async Task TheComparisonCatchesEveryKindOfDifference()
    {
        var ours = await ProtoDescriptors.CompileOursAsync();
        var altered = ours.Clone();
        var files = altered.File.ToDictionary(f => Path.GetFileName(f.Name));
        var service = files["messaging_service.proto"];
        var sendResult = service.MessageType.Single(m => m.Name == "SendResultEntry");
        sendResult.Field.Single(f => f.Name == "offset").Number = 6;
        sendResult.Field.Single(f => f.Name == "message_id").Type = FieldDescriptorProto.Types.Type.Bytes;
        service.MessageType.Single(m => m.Name == "AckMessageEntry").Field.Single(f => f.Name == "lite_topic").Proto3Optional = false;
        files["common.proto"].EnumType.Single(e => e.Name == "Code").Value.Remove(
            files["common.proto"].EnumType.Single(e => e.Name == "Code").Value.Single(v => v.Name == "LITE_TOPIC_QUOTA_EXCEEDED"));
        service.Service.Single().Method.Single(m => m.Name == "ReceiveMessage").ServerStreaming = false;
        service.MessageType.Single(m => m.Name == "HeartbeatRequest").Field.RemoveAt(1);

        var problems = ProtoContractComparer.Compare(altered, await ProtoDescriptors.CompileOfficialAsync());

        Assert.Contains(problems, p => p.Contains("SendResultEntry.offset: number is 6, official 4"));
        Assert.Contains(problems, p => p.Contains("SendResultEntry.message_id: type is Bytes"));
        Assert.Contains(problems, p => p.Contains("AckMessageEntry.lite_topic: proto3 optional"));
        Assert.Contains(problems, p => p.Contains("omits LITE_TOPIC_QUOTA_EXCEEDED = 42901"));
        Assert.Contains(problems, p => p.Contains("ReceiveMessage streams client=False server=False"));
        Assert.Contains(problems, p => p.Contains("HeartbeatRequest omits field client_type = 2"));
        Assert.Equal(6, problems.Count);
    }

    private static string[] MethodNames(FileDescriptorSet set) =>
        set.File.SelectMany(f => f.Service).Where(s => s.Name == "MessagingService")
            .SelectMany(s => s.Method).Select(m => m.Name).Order().ToArray();
}
