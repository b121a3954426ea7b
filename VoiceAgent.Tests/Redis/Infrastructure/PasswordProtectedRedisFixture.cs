namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>A server with a default-user password and an ACL user.</summary>
public sealed class PasswordProtectedRedisFixture : IAsyncLifetime
{
    public const string Password = "default-Pa55";
    public const string AlicePassword = "alice-Pa55";

    private RedisServer? _server;

    public RedisServer Server => _server!;

    public async Task InitializeAsync() =>
        _server = await RedisServer.StartAsync("--requirepass", Password, "--user", "alice", "on", ">" + AlicePassword, "~*", "&*", "+@all");

    public async Task DisposeAsync() => await _server!.DisposeAsync();
}
