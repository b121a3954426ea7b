using System.Reflection;

namespace VoiceAgent.Tests.Infrastructure;

/// <summary>Locations in the source tree and in the build, for tests that run tools or read files.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder that holds VoiceAgent.sln.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>The Grpc.Tools package folder (protoc and the well-known .proto files).</summary>
    public static string GrpcTools =>
        typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
            .Single(a => a.Key == "GrpcToolsPath").Value
        ?? throw new InvalidOperationException("The test build did not record the Grpc.Tools package path.");

    public static string Combine(params string[] relative) => Path.Combine([Root, .. relative]);

    /// <summary>The node_modules folder of an interop suite, or a clear failure telling how to get it.</summary>
    public static string NodeModules(string interopSuite)
    {
        var path = Combine("interop", interopSuite, "node_modules");
        if (!Directory.Exists(path))
        {
            throw new InvalidOperationException(
                $"{path} is missing: run ./test.sh (or 'npm ci' in interop/{interopSuite}) to install the interop test packages.");
        }

        return path;
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "VoiceAgent.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No VoiceAgent.sln above {AppContext.BaseDirectory}.");
    }
}
