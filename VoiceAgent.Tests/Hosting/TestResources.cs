using VoiceAgent.Hosting;
using VoiceAgent.Hosting.ApplicationModel;
using VoiceAgent.Tests.Infrastructure;

namespace VoiceAgent.Tests.Hosting;

/// <summary>Small resources for hosting tests where a real service would add nothing.</summary>
internal static class TestResources
{
    /// <summary>The environment variable that marks every process a test starts, to find them in /proc.</summary>
    public const string MarkerVariable = "VOICEAGENT_TEST_MARKER";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    public static string TestServerScript => RepositoryPaths.Combine("VoiceAgent.Tests", "Hosting", "Assets", "test-server.js");

    /// <summary>The node test server: an <c>http</c> endpoint passed in PORT, healthy on <c>/health</c>, its environment on <c>/env</c>.</summary>
    public static IResourceBuilder<ExecutableResource> AddTestServer(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddExecutable(name, "node", Path.GetTempPath(), TestServerScript)
            .WithHttpEndpoint(env: "PORT")
            .WithHttpHealthCheck("/health");

    /// <summary>A shell command as a resource.</summary>
    public static IResourceBuilder<ExecutableResource> AddShell(this IDistributedApplicationBuilder builder, string name, string script) =>
        builder.AddExecutable(name, "sh", Path.GetTempPath(), "-c", script);
}
