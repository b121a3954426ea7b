using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using VoiceAgent.Mocks.Apis;
using VoiceAgent.Mocks.Diagnostics;
using VoiceAgent.Mocks.Faults;
using VoiceAgent.Mocks.Json;
using VoiceAgent.Mocks.Options;
using VoiceAgent.Mocks.Tts;

namespace VoiceAgent.Mocks;

/// <summary>Registers and maps the OpenAI-compatible mock ASR, LLM and TTS.</summary>
public static class MockModelsExtensions
{
    /// <summary>The meter the mocks count their requests on.</summary>
    public const string MeterName = MockMetrics.MeterName;

    /// <summary>Adds the mock models' services and binds their knobs from the <c>Mocks</c> configuration section.</summary>
    public static TBuilder AddMockModels<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var services = builder.Services;
        services.AddOptions<MockOptions>().BindConfiguration(MockOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<MockOptions>, MockOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.AddSingleton<MockMetrics>();
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<MockApiServices>();
        services.AddSingleton<EspeakSynthesizer>();
        services.AddSingleton<SpeechSynthesizer>();
        services.ConfigureHttpJsonOptions(json => json.SerializerOptions.TypeInfoResolverChain.Insert(0, MockJsonContext.Default));
        return builder;
    }

    /// <summary>
    /// Maps <c>POST /v1/audio/transcriptions</c>, <c>POST /v1/chat/completions</c> and <c>POST /v1/audio/speech</c>.
    /// </summary>
    public static IEndpointRouteBuilder MapMockModelsApi(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider.GetRequiredService<MockApiServices>();
        var api = app.MapGroup("/v1").AddEndpointFilter(new ApiKeyFilter(services));
        api.MapTranscriptionsApi().AddEndpointFilter(new MockEndpointFilter(MockApi.Asr, services));
        api.MapChatCompletionsApi().AddEndpointFilter(new MockEndpointFilter(MockApi.Llm, services));
        api.MapSpeechApi().AddEndpointFilter(new MockEndpointFilter(MockApi.Tts, services));
        return app;
    }
}
