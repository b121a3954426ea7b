using OpenTelemetry.Resources;

namespace VoiceAgent.ServiceDefaults.Telemetry;

/// <summary>
/// The OpenTelemetry resource shared by traces, metrics and logs of one service instance. The application name and
/// a generated instance id are defaults: <c>OTEL_RESOURCE_ATTRIBUTES</c> and then <c>OTEL_SERVICE_NAME</c> override
/// them, read from the application's configuration.
/// </summary>
internal sealed class ServiceResource(string applicationName)
{
    public string InstanceId { get; } = Guid.NewGuid().ToString();

    public void Configure(ResourceBuilder resource) =>
        resource
            .Clear()
            .AddService(applicationName, serviceInstanceId: InstanceId)
            .AddTelemetrySdk()
            .AddEnvironmentVariableDetector();
}
