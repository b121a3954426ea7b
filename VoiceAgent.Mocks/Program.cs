using VoiceAgent.Mocks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddMockModels();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapMockModelsApi();

app.Run();
