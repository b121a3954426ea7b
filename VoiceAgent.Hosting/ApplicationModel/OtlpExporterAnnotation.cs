namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>
/// The resource exports OpenTelemetry over OTLP: it gets the <c>OTEL_*</c> variables when the AppHost has an
/// OTLP endpoint configured. Projects have it by default.
/// </summary>
public sealed class OtlpExporterAnnotation : IResourceAnnotation;
