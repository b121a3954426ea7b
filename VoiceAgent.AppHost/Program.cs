var builder = DistributedApplication.CreateBuilder(args);

// Keys shared by the gateways: VoiceAgent:ApiKey and VoiceAgent:ResumeKey from configuration, generated when unset
var keys = builder.AddGatewayKeys();

// Messaging and state
var rocketmq = builder.AddRocketMQBroker("rocketmq");
var redis = ExecutableLocator.Exists(RedisBuilderExtensions.RedisServerCommand) ? builder.AddRedis("redis") : null;

// Model providers: mock ASR, LLM and TTS behind OpenAI-compatible APIs
var mocks = builder.AddProject<Projects.VoiceAgent_Mocks>("mocks")
    .WithHttpHealthCheck("/health");

// Services. The processors are stateless only with Redis; without redis-server one processor keeps sessions in memory.
var processor = builder.AddProject<Projects.VoiceAgent_Processor>("processor")
    .WithReplicas(redis is null ? 1 : 2)
    .WithReference(mocks).WaitFor(mocks)
    .WithReference(rocketmq).WaitFor(rocketmq)
    .WithHttpHealthCheck("/health");

if (redis is not null)
{
    processor.WithReference(redis).WaitFor(redis);
}

builder.AddProject<Projects.VoiceAgent_Gateway>("gateway")
    .WithReplicas(2)
    .WithExternalHttpEndpoints()
    .WithGatewayKeys(keys)
    .WithReference(rocketmq).WaitFor(rocketmq)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
