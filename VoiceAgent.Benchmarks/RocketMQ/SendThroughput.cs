using System.Diagnostics;
using System.Globalization;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Benchmarks.RocketMQ;

/// <summary>
/// Producer send throughput to a server that only acknowledges, with 640-byte messages, one message per
/// request ("single") and several per request ("batched"). Reports messages per second and per CPU-second
/// of the producer process (and of the server process when this tool started it). "grpc-floor" sends a prebuilt
/// request with the same headers and deadline straight through the gRPC channel: the floor that the producer's
/// own work (message ids, encoding, routing, retries, metrics) adds to.
/// <code>dotnet run -c Release --project VoiceAgent.Benchmarks -- rocketmq-send [--messages 200000] [--concurrency 64] [--batch 32] [--body 640] [--warmup 5] [--server 127.0.0.1:8081]</code>
/// </summary>
internal static class SendThroughput
{
    public static async Task<int> RunAsync(string[] args)
    {
        var options = ParseArgs(args);
        var messages = int.Parse(options.GetValueOrDefault("messages", "200000"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(options.GetValueOrDefault("concurrency", "64"), CultureInfo.InvariantCulture);
        var batch = int.Parse(options.GetValueOrDefault("batch", "32"), CultureInfo.InvariantCulture);
        var bodySize = int.Parse(options.GetValueOrDefault("body", "640"), CultureInfo.InvariantCulture);
        var warmupSeconds = int.Parse(options.GetValueOrDefault("warmup", "5"), CultureInfo.InvariantCulture);

        Process? server = null;
        var endpoints = options.GetValueOrDefault("server");
        if (endpoints is null)
        {
            server = StartServerProcess(out var port);
            endpoints = $"127.0.0.1:{port}";
        }

        try
        {
            await using var client = new RocketMQClient(new RocketMQClientOptions { Endpoints = endpoints });
            await using var producer = await client.CreateProducerAsync(new ProducerOptions { Topics = ["bench"] });
            var body = new byte[bodySize];
            Random.Shared.NextBytes(body);
            var message = Message.CreateBuilder().SetTopic("bench").SetBody(body).Build();

            Console.WriteLine($"producer -> {endpoints}: {messages} messages of {bodySize} bytes, {concurrency} concurrent senders, {Environment.ProcessorCount} cores");
            Console.WriteLine("mode       | batch | messages/s | messages per producer CPU-s | messages per total CPU-s | p50 ms | p99 ms");
            var batchOf = Enumerable.Repeat(message, batch).ToList();
            using var channel = GrpcChannel.ForAddress($"http://{endpoints}");
            var signer = new RequestSigner(client.Options, "bench", TimeProvider.System);
            var raw = new Proto.SendMessageRequest();
            raw.Messages.Add(PublishingMessageEncoder.Encode(message, "", Proto.MessageType.Normal, null));
            var modes = new (string Name, int Size, Func<Task> Send)[]
            {
                ("single", 1, () => producer.SendAsync(message)),
                ("batched", batch, () => producer.SendAsync(batchOf)),
                ("grpc-floor", 1, () => channel.UnaryAsync(Proto.MessagingService.SendMessage, raw, new CallOptions(signer.CreateHeaders(), DateTime.UtcNow.AddSeconds(3)))),
            };

            // Tiered JIT and thread pool growth take a few seconds to settle: warm every mode up first.
            foreach (var (_, _, send) in modes)
            {
                await WarmUpAsync(send, TimeSpan.FromSeconds(warmupSeconds), concurrency);
            }

            foreach (var (name, size, send) in modes)
            {
                await MeasureAsync(name, send, messages, concurrency, size, server);
            }
        }
        finally
        {
            if (server is not null)
            {
                server.StandardInput.Close();
                await server.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
                server.Dispose();
            }
        }

        return 0;
    }

    private static async Task WarmUpAsync(Func<Task> send, TimeSpan duration, int concurrency)
    {
        var stop = Stopwatch.GetTimestamp() + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (Stopwatch.GetTimestamp() < stop)
            {
                await send();
            }
        })));
    }

    private static async Task MeasureAsync(string mode, Func<Task> send, int total, int concurrency, int batchSize, Process? server)
    {
        var requests = total / batchSize;
        var next = -1;
        var latencies = new double[requests];
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        server?.Refresh();
        var serverCpuBefore = server?.TotalProcessorTime ?? TimeSpan.Zero;
        var started = Stopwatch.GetTimestamp();

        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var sent = Stopwatch.GetTimestamp();
                await send();

                latencies[i] = Stopwatch.GetElapsedTime(sent).TotalMilliseconds;
            }
        })));

        var elapsed = Stopwatch.GetElapsedTime(started);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        server?.Refresh();
        var serverCpu = (server?.TotalProcessorTime ?? TimeSpan.Zero) - serverCpuBefore;
        Array.Sort(latencies);
        var sentMessages = (double)requests * batchSize;
        var totalCpu = server is null ? "n/a" : (sentMessages / (cpu + serverCpu).TotalSeconds).ToString("N0", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{mode,-10} | {batchSize,5} | {sentMessages / elapsed.TotalSeconds,10:N0} | {sentMessages / cpu.TotalSeconds,27:N0} | {totalCpu,24} | {latencies[latencies.Length / 2],6:F2} | {latencies[(int)(latencies.Length * 0.99)],6:F2}"));
    }

    private static Process StartServerProcess(out int port)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };

        // Under the dotnet host the entry assembly must be named again; an apphost is the program itself.
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet")
        {
            start.ArgumentList.Add(typeof(SendThroughput).Assembly.Location);
        }

        start.ArgumentList.Add("rocketmq-ack-server");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the ack-only server.");
        var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("The ack-only server exited before listening.");
        port = int.Parse(line["listening on ".Length..], CultureInfo.InvariantCulture);
        return process;
    }

    private static Dictionary<string, string> ParseArgs(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            options[args[i].TrimStart('-')] = args[i + 1];
        }

        return options;
    }
}
