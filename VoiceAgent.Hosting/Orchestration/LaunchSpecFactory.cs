using System.Collections;
using VoiceAgent.Hosting.ApplicationModel;

namespace VoiceAgent.Hosting.Orchestration;

/// <summary>
/// Computes how a replica is started, with the configuration Aspire injects: <c>ASPNETCORE_URLS</c> and the
/// Development environment for projects, endpoint ports, <c>OTEL_*</c>, then the model's environment and
/// argument callbacks (references, <c>WithEnvironment</c>), which win.
/// </summary>
internal sealed class LaunchSpecFactory(OtlpSettings? otlp, IReadOnlyDictionary<string, string>? appHostEnvironment = null)
{
    // The AppHost's own settings must not leak into its children.
    private static readonly HashSet<string> NotInherited = new(StringComparer.OrdinalIgnoreCase)
    {
        "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "ASPNETCORE_HTTPS_PORT", "HTTP_PORTS", "HTTPS_PORTS",
        "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "DOTNET_LAUNCH_PROFILE", "ASPNETCORE_APPLICATIONNAME",
    };

    private static readonly string[] NotInheritedPrefixes = ["ASPIRE_", "DOTNET_DASHBOARD_", "DOTNET_RESOURCE_SERVICE_", "OTEL_", "APPHOST__"];

    public LaunchSpec Create(ResourceReplica replica)
    {
        var environment = InheritedEnvironment(appHostEnvironment ?? CurrentEnvironment());
        var arguments = new List<string>();
        string fileName;
        string workingDirectory;

        switch (replica.Resource)
        {
            case ProjectResource project:
                var targetPath = project.Project.TargetPath;
                if (!File.Exists(targetPath))
                {
                    throw new ResourceLaunchException(
                        $"{targetPath} does not exist: build the AppHost, which builds {Path.GetFileName(project.Project.ProjectPath)}.");
                }

                fileName = DotNetHost.Path;
                arguments.Add(targetPath);
                workingDirectory = Path.GetDirectoryName(project.Project.ProjectPath) ?? Environment.CurrentDirectory;
                AddProjectVariables(environment, replica);
                break;

            case ExecutableResource executable:
                fileName = ExecutableLocator.TryResolve(executable.Command)
                    ?? throw new ResourceLaunchException($"'{executable.Command}' was not found on PATH or is not executable.");
                workingDirectory = executable.WorkingDirectory;
                break;

            default:
                throw new ResourceLaunchException($"The AppHost cannot run resources of type {replica.Resource.GetType().Name}.");
        }

        environment["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true";
        AddEndpointPortVariables(environment, replica);
        if (otlp is not null && replica.Resource.Annotations.OfType<OtlpExporterAnnotation>().Any())
        {
            AddOtlpVariables(environment, replica, otlp);
        }

        RunCallbacks(replica, environment, arguments);
        return new LaunchSpec(fileName, arguments, workingDirectory, environment);
    }

    private static Dictionary<string, string> CurrentEnvironment()
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            environment[(string)entry.Key] = (string?)entry.Value ?? string.Empty;
        }

        return environment;
    }

    private static Dictionary<string, string> InheritedEnvironment(IReadOnlyDictionary<string, string> appHostEnvironment)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in appHostEnvironment)
        {
            if (!NotInherited.Contains(name) && !NotInheritedPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    private static void AddProjectVariables(Dictionary<string, string> environment, ResourceReplica replica)
    {
        var urls = replica.Resource.Annotations.OfType<EndpointAnnotation>()
            .Where(e => e.UriScheme is "http" or "https" && e.EnvironmentVariable is null)
            .Select(e => replica.GetEndpoint(e.Name).Url)
            .ToList();
        if (urls.Count > 0)
        {
            environment["ASPNETCORE_URLS"] = string.Join(';', urls);
        }

        environment["DOTNET_ENVIRONMENT"] = "Development";
        environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        environment["LOGGING__CONSOLE__FORMATTERNAME"] = "simple";
    }

    private static void AddEndpointPortVariables(Dictionary<string, string> environment, ResourceReplica replica)
    {
        foreach (var endpoint in replica.Resource.Annotations.OfType<EndpointAnnotation>())
        {
            if (endpoint.EnvironmentVariable is { } name)
            {
                environment[name] = replica.GetEndpoint(endpoint.Name).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
        }
    }

    private static void AddOtlpVariables(Dictionary<string, string> environment, ResourceReplica replica, OtlpSettings otlp)
    {
        environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp.Endpoint;
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"] = otlp.Protocol;
        if (otlp.ApiKey is { } apiKey)
        {
            environment["OTEL_EXPORTER_OTLP_HEADERS"] = $"x-otlp-api-key={apiKey}";
        }

        environment["OTEL_SERVICE_NAME"] = replica.Resource.Name;
        environment["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={replica.Name}";

        // Local development: export within a second and sample everything.
        environment["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
        environment["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
        environment["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
        environment["OTEL_TRACES_SAMPLER"] = "always_on";
        environment["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";

        if (replica.Resource is ProjectResource)
        {
            environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EXCEPTION_LOG_ATTRIBUTES"] = "true";
            environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_EMIT_EVENT_LOG_ATTRIBUTES"] = "true";
            environment["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory";
            environment["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true";
            environment["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "true";
        }
    }

    private static void RunCallbacks(ResourceReplica replica, Dictionary<string, string> environment, List<string> arguments)
    {
        try
        {
            var environmentContext = new EnvironmentCallbackContext(replica, environment);
            foreach (var annotation in replica.Resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
            {
                annotation.Callback(environmentContext);
            }

            var argumentsContext = new CommandLineArgsCallbackContext(replica, arguments);
            foreach (var annotation in replica.Resource.Annotations.OfType<CommandLineArgsCallbackAnnotation>())
            {
                annotation.Callback(argumentsContext);
            }
        }
        catch (Exception exception) when (exception is not ResourceLaunchException)
        {
            throw new ResourceLaunchException($"Computing the environment or arguments of {replica.Name} failed: {exception.Message}", exception);
        }
    }
}
