using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using VoiceAgent.Mocks.Diagnostics;
using VoiceAgent.Mocks.Faults;
using VoiceAgent.Mocks.Options;

namespace VoiceAgent.Mocks.Apis;

/// <summary>What every mock endpoint needs: knobs, fault draws, clock, metrics and logging.</summary>
internal sealed partial class MockApiServices(
    IOptionsMonitor<MockOptions> options,
    FaultInjector faults,
    TimeProvider time,
    MockMetrics metrics,
    ILogger<MockApiServices> logger)
{
    public MockOptions Options => options.CurrentValue;

    public TimeProvider Time => time;

    public MockMetrics Metrics => metrics;

    public ILogger Logger => logger;

    /// <summary>Draws the request's faults and logs the ones that will happen.</summary>
    public FaultPlan PlanFaults(HttpContext context, MockApi api, Knobs.FaultSettings settings)
    {
        var plan = faults.Plan(context, api, settings);
        if (plan.Stall > TimeSpan.Zero && plan.ErrorStatusCode is null)
        {
            Log.StallPlanned(logger, api, plan.RequestKey, plan.Stall.TotalMilliseconds);
        }

        return plan;
    }

    /// <summary>Answers with the injected error of <paramref name="plan"/>.</summary>
    public Task FailAsync(HttpContext context, MockApi api, FaultPlan plan, int statusCode)
    {
        Log.ErrorInjected(logger, api, plan.RequestKey, statusCode);
        metrics.Record(api, RequestOutcome.Injected);
        var code = statusCode == StatusCodes.Status429TooManyRequests ? "rate_limit_exceeded" : "injected_error";
        return OpenAIErrors.WriteAsync(
            context,
            statusCode,
            $"Error injected by the mock {api.ToString().ToUpperInvariant()} for request {plan.RequestKey} ({MockHeaders.ErrorRate} or Mocks:{api}:ErrorRate).",
            code: code);
    }

    public void Completed(MockApi api) => metrics.Record(api, RequestOutcome.Completed);
}
