namespace VoiceAgent.Hosting.Orchestration;

/// <summary>The <c>dotnet</c> host that runs project resources (<c>dotnet &lt;TargetPath&gt;</c>).</summary>
internal static class DotNetHost
{
    private static readonly Lazy<string> LazyPath = new(Find);

    public static string Path => LazyPath.Value;

    private static string Find()
    {
        if (Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath && File.Exists(hostPath))
        {
            return hostPath;
        }

        if (Environment.ProcessPath is { } self && System.IO.Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            return self;
        }

        return ExecutableLocator.TryResolve(OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet") ?? "dotnet";
    }
}
