namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>
/// The activity sources and meters every service listens to: what the runtime and ASP.NET Core emit on their own
/// (there are no instrumentation packages here), plus every <c>VoiceAgent.*</c> source and meter of the project.
/// </summary>
internal static class TelemetrySources
{
    public const string ProjectWildcard = "VoiceAgent.*";

    public static readonly string[] ActivitySources =
    [
        "Microsoft.AspNetCore",
        "System.Net.Http",
        ProjectWildcard,
    ];

    public static readonly string[] Meters =
    [
        "Microsoft.AspNetCore.Hosting",
        "Microsoft.AspNetCore.Server.Kestrel",
        "Microsoft.AspNetCore.Http.Connections",
        "Microsoft.AspNetCore.Routing",
        "Microsoft.AspNetCore.Diagnostics",
        "System.Net.Http",
        "System.Net.NameResolution",
        "System.Runtime",
        "Polly",
        ProjectWildcard,
    ];
}
