using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using VoiceAgent.Tests.Mocks;

namespace VoiceAgent.Tests.Processor.Infrastructure;

/// <summary>Turns a running mock server's knobs (its <c>Mocks:*</c> configuration, which it watches) while a test runs.</summary>
public static class MockKnobs
{
    public static void Set(MockModelsServer mocks, string key, string? value)
    {
        var configuration = (IConfigurationRoot)mocks.Services.GetRequiredService<IConfiguration>();
        configuration[key] = value;
        configuration.Reload();
    }
}
