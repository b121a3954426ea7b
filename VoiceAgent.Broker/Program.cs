using VoiceAgent.Broker;
using VoiceAgent.Broker.Configuration;

var (commandLine, exitCode) = BrokerCommandLine.Parse(args);
if (exitCode is { } code)
{
    return code;
}

var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
builder.Configuration.AddInMemoryCollection(commandLine);
builder.AddServiceDefaults();
builder.AddBroker();

var app = builder.Build();
app.MapBroker();
app.Run();
return 0;
