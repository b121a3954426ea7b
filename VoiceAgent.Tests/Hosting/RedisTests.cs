using System.Net.Sockets;
using System.Text;
using VoiceAgent.Hosting;
using VoiceAgent.Hosting.Testing;
using static VoiceAgent.Tests.Hosting.TestResources;

namespace VoiceAgent.Tests.Hosting;

public sealed class RedisTests
{
    [Fact]
    public async Task RedisIsHealthyWhenItAnswersPingAndPublishesItsAddressAsConnectionString()
    {
        Assert.True(
            ExecutableLocator.Exists(RedisBuilderExtensions.RedisServerCommand),
            "redis-server is not on PATH: ./test.sh installs it (or apt-get install redis-server).");
        await using var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRedis("cache");
        await using var app = await builder.BuildAsync();
        await app.StartAsync().WaitAsync(DefaultTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("cache").WaitAsync(DefaultTimeout);

        var connectionString = await app.GetConnectionStringAsync("cache");

        Assert.Equal($"127.0.0.1:{app.GetEndpoint("cache", "tcp").Port}", connectionString);
        using var client = new TcpClient();
        var separator = connectionString!.LastIndexOf(':');
        await client.ConnectAsync(connectionString[..separator], int.Parse(connectionString[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        var stream = client.GetStream();
        await stream.WriteAsync("PING\r\n"u8.ToArray());
        var reply = new byte[7];
        await stream.ReadExactlyAsync(reply).AsTask().WaitAsync(DefaultTimeout);
        Assert.Equal("+PONG\r\n", Encoding.ASCII.GetString(reply));
    }
}
