var builder = DistributedApplication.CreateBuilder(args);

// Messaging and state
var rocketmq = builder.AddRocketMQBroker("rocketmq");
var redis = ExecutableLocator.Exists(RedisBuilderExtensions.RedisServerCommand) ? builder.AddRedis("redis") : null;

// Model providers: mock ASR, LLM and TTS behind OpenAI-compatible APIs
var mocks = builder.AddProject<Projects.VoiceAgent_Mocks>("mocks")
    .WithHttpHealthCheck("/health");

// Services
var processor = builder.AddProject<Projects.VoiceAgent_Processor>("processor")
    .WithReplicas(2)
    .WithReference(mocks).WaitFor(mocks)
    .WithReference(rocketmq).WaitFor(rocketmq)
    .WithHttpHealthCheck("/health");

// Without redis-server on this machine the processors keep session state in memory.
if (redis is not null)
{
    processor.WithReference(redis).WaitFor(redis);
}

builder.AddProject<Projects.VoiceAgent_Gateway>("gateway")
    .WithReplicas(2)
    .WithExternalHttpEndpoints()
    .WithReference(rocketmq).WaitFor(rocketmq)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
