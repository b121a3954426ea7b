using System.Net;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using VoiceAgent.Grpc;
using VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.Benchmarks.RocketMQ;

/// <summary>
/// A MessagingService that only acknowledges: every topic has 4 queues on this server, settings are answered
/// as a proxy would, and SendMessage returns an OK entry per message without storing anything. It measures
/// the producer, not a broker. Prints <c>listening on PORT</c> once ready and runs until stdin closes.
/// </summary>
internal static class AckOnlyMessagingServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var port = args is ["--port", var text] ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
        var (app, listening) = await StartAsync(port);
        await using var running = app;
        Console.WriteLine($"listening on {listening}");
        await Console.In.ReadToEndAsync();
        return 0;
    }

    public static async Task<(WebApplication App, int Port)> StartAsync(int port)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcServer();
        var app = builder.Build();
        var ownPort = 0;
        app.MapGrpcService(GrpcServiceDefinition.CreateBuilder()
            .AddUnaryMethod(MessagingService.QueryRoute, (request, _) => Task.FromResult(Route(request.Topic, ownPort)))
            .AddUnaryMethod(MessagingService.Heartbeat, (_, _) => Task.FromResult(new HeartbeatResponse { Status = Ok }))
            .AddUnaryMethod(MessagingService.NotifyClientTermination, (_, _) => Task.FromResult(new NotifyClientTerminationResponse { Status = Ok }))
            .AddUnaryMethod(MessagingService.SendMessage, (request, _) => Task.FromResult(Acknowledge(request)))
            .AddDuplexStreamingMethod(MessagingService.Telemetry, TelemetryAsync)
            .Build());
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        ownPort = new Uri(address).Port;
        return (app, ownPort);
    }

    private static Status Ok => new() { Code = Code.Ok, Message = "OK" };

    private static QueryRouteResponse Route(Resource topic, int port)
    {
        var response = new QueryRouteResponse { Status = Ok };
        for (var id = 0; id < 4; id++)
        {
            var queue = new MessageQueue
            {
                Topic = topic,
                Id = id,
                Permission = Permission.ReadWrite,
                Broker = new Broker { Name = "ack-only", Id = 0, Endpoints = new Endpoints { Scheme = AddressScheme.Ipv4, Addresses = { new Address { Host = "127.0.0.1", Port = port } } } },
            };
            queue.AcceptMessageTypes.Add(MessageType.Normal);
            queue.AcceptMessageTypes.Add(MessageType.Fifo);
            queue.AcceptMessageTypes.Add(MessageType.Lite);
            response.MessageQueues.Add(queue);
        }

        return response;
    }

    private static SendMessageResponse Acknowledge(SendMessageRequest request)
    {
        var response = new SendMessageResponse { Status = Ok };
        foreach (var message in request.Messages)
        {
            response.Entries.Add(new SendResultEntry { Status = Ok, MessageId = message.SystemProperties.MessageId });
        }

        return response;
    }

    private static async Task TelemetryAsync(IAsyncStreamReader<TelemetryCommand> requests, IServerStreamWriter<TelemetryCommand> responses, ServerCallContext context)
    {
        try
        {
            while (await requests.MoveNext(context.CancellationToken))
            {
                if (requests.Current.Settings is not { } settings)
                {
                    continue;
                }

                var reply = settings.Clone();
                reply.BackoffPolicy = new RetryPolicy
                {
                    MaxAttempts = 3,
                    ExponentialBackoff = new ExponentialBackoff { Initial = Duration.FromTimeSpan(TimeSpan.FromMilliseconds(10)), Max = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)), Multiplier = 2 },
                };
                if (reply.Publishing is { } publishing)
                {
                    publishing.MaxBodySize = 4 * 1024 * 1024;
                    publishing.ValidateMessageType = true;
                }

                await responses.WriteAsync(new TelemetryCommand { Status = Ok, Settings = reply });
            }
        }
        catch (OperationCanceledException)
        {
            // The producer went away.
        }
    }
}
