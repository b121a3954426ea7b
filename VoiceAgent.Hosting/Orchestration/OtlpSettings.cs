using Microsoft.Extensions.Configuration;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>
/// Where services send OpenTelemetry, read from the AppHost's configuration with Aspire's names. Without an
/// endpoint the services get no <c>OTEL_*</c> variables at all, so they do not export to a port nobody listens on.
/// </summary>
internal sealed record OtlpSettings(string Endpoint, string Protocol, string? ApiKey)
{
    public const string GrpcEndpointKey = "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL";
    public const string HttpEndpointKey = "ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL";
    public const string ApiKeyKey = "AppHost:OtlpApiKey";

    public static OtlpSettings? FromConfiguration(IConfiguration configuration)
    {
        var apiKey = NullIfEmpty(configuration[ApiKeyKey]);
        if (NullIfEmpty(configuration[GrpcEndpointKey] ?? configuration["DOTNET_DASHBOARD_OTLP_ENDPOINT_URL"]) is { } grpc)
        {
            return new OtlpSettings(grpc, "grpc", apiKey);
        }

        if (NullIfEmpty(configuration[HttpEndpointKey] ?? configuration["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"]) is { } http)
        {
            return new OtlpSettings(http, "http/protobuf", apiKey);
        }

        return null;
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}
