using Google.Protobuf.Reflection;
using VoiceAgent.Tests.Infrastructure;

namespace VoiceAgent.Tests.Protocol;

/// <summary>Compiles .proto files to a descriptor set with the protoc that ships in Grpc.Tools.</summary>
internal static class ProtoDescriptors
{
    public static async Task<FileDescriptorSet> CompileAsync(string protoRoot, IEnumerable<string> files)
    {
        var tools = RepositoryPaths.GrpcTools;
        var protoc = Path.Combine(tools, "tools", "linux_x64", "protoc");
        var output = Path.Combine(Path.GetTempPath(), $"voiceagent-descriptors-{Guid.NewGuid():N}.pb");
        try
        {
            string[] arguments =
            [
                $"--proto_path={protoRoot}",
                $"--proto_path={Path.Combine(tools, "build", "native", "include")}",
                $"--descriptor_set_out={output}",
                .. files,
            ];
            var result = await ProcessRunner.RunAsync(protoc, arguments, TimeSpan.FromMinutes(1), workingDirectory: protoRoot);
            Assert.True(result.ExitCode == 0, $"protoc failed: {result.Describe()}");
            return FileDescriptorSet.Parser.ParseFrom(await File.ReadAllBytesAsync(output));
        }
        finally
        {
            File.Delete(output);
        }
    }

    /// <summary>Our own protocol files, as the VoiceAgent.RocketMQ.Protocol project compiles them.</summary>
    public static Task<FileDescriptorSet> CompileOursAsync()
    {
        var root = RepositoryPaths.Combine("VoiceAgent.RocketMQ.Protocol", "Protos");
        var files = Directory.GetFiles(root, "*.proto").Select(Path.GetFileName).OfType<string>().Order();
        return CompileAsync(root, files);
    }

    /// <summary>The official apache.rocketmq.v2 files shipped inside the npm package rocketmq-client-nodejs.</summary>
    public static Task<FileDescriptorSet> CompileOfficialAsync()
    {
        var root = Path.Combine(RepositoryPaths.NodeModules("rocketmq-nodejs"), "rocketmq-client-nodejs", "proto");
        return CompileAsync(root, ["apache/rocketmq/v2/definition.proto", "apache/rocketmq/v2/service.proto"]);
    }
}
