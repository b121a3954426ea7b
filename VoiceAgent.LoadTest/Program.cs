using System.CommandLine;
using VoiceAgent.LoadTest.Broker;
using VoiceAgent.LoadTest.Sessions;

var root = new RootCommand("VoiceAgent.LoadTest: load generators for VoiceAgent's message link and voice sessions.")
{
    BrokerCommand.Create(),
    SessionsCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
