using BenchmarkDotNet.Running;
using VoiceAgent.Benchmarks.RocketMQ;

return args switch
{
    ["rocketmq-send", .. var rest] => await SendThroughput.RunAsync(rest),
    ["rocketmq-ack-server", .. var rest] => await AckOnlyMessagingServer.RunAsync(rest),
    _ => RunBenchmarks(args),
};

static int RunBenchmarks(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(SendThroughput).Assembly).Run(args);
    return 0;
}
