namespace VoiceAgent.Tests.Grpc.Interop;

/// <summary>A @grpc/grpc-js client (interop/grpc-js/client.mjs) calling our server.</summary>
public sealed class GrpcJsClientInteropTests(OurServerFixture server) : IClassFixture<OurServerFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData("unary")]
    [InlineData("metadata")]
    [InlineData("status-non-ascii")]
    [InlineData("server-stream")]
    [InlineData("server-stream-error-after-messages")]
    [InlineData("client-stream")]
    [InlineData("bidi")]
    [InlineData("deadline-propagation")]
    [InlineData("large-ok")]
    [InlineData("large-request-rejected")]
    [InlineData("large-response-rejected")]
    [InlineData("unimplemented")]
    [InlineData("handler-exception")]
    public async Task GrpcJsClientCasePasses(string name) => await RunCaseAsync(name);

    [Fact]
    public async Task GrpcJsDeadlineEndsTheCallAndCancelsOurHandler()
    {
        await RunCaseAsync("deadline");
        await server.Service.CancellationObserved("deadline").WaitAsync(Timeout);
    }

    [Fact]
    public async Task GrpcJsCancellationCancelsOurHandler()
    {
        await RunCaseAsync("cancel");
        await server.Service.CancellationObserved("cancel").WaitAsync(Timeout);
    }

    private async Task RunCaseAsync(string name)
    {
        await using var client = NodeScript.Start("client.mjs", "--port", server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--case", name);
        var exitCode = await client.WaitForExitAsync(Timeout);

        Assert.True(
            exitCode == 0 && client.StandardOutput.Contains("\"ok\":true", StringComparison.Ordinal),
            $"grpc-js case '{name}' failed (exit code {exitCode}).\nstdout:\n{client.StandardOutput}\nstderr:\n{client.StandardError}");
    }
}
