var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRocketMQClient("rocketmq");
builder.AddRealtimeGateway();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapRealtimeGateway();

app.Run();
