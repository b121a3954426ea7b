using System.CommandLine;
using VoiceAgent.LoadTest.Broker;

var root = new RootCommand("VoiceAgent.LoadTest: load generators for VoiceAgent's message link.")
{
    BrokerCommand.Create(),
};
return await root.Parse(args).InvokeAsync();
