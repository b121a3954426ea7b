namespace VoiceAgent.LoadTest.Broker;

/// <summary>How to start the broker for one scenario: its executable, declarations, settings and logging.</summary>
/// <param name="BrokerDll">The built <c>VoiceAgent.Broker.dll</c>, run with the <c>dotnet</c> host.</param>
/// <param name="Topics">Values of repeated <c>--topic</c> arguments.</param>
/// <param name="Groups">Values of repeated <c>--group</c> arguments.</param>
/// <param name="Settings">Extra broker settings as <c>Broker__Name</c> environment variables (limits the command line has no option for).</param>
/// <param name="LogLevel">The broker's default log level; Warning keeps per-event Information logs out of the figures.</param>
/// <param name="LogFile">Where the broker's output goes.</param>
internal sealed record BrokerLaunch(
    string BrokerDll,
    IReadOnlyList<string> Topics,
    IReadOnlyList<string> Groups,
    IReadOnlyDictionary<string, string> Settings,
    string LogLevel,
    string LogFile);
