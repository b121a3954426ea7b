var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddRocketMQClient("rocketmq");
if (!string.IsNullOrEmpty(builder.Configuration.GetConnectionString("redis")))
{
    builder.AddRedisClient("redis");
}

builder.AddVoiceProcessor();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
