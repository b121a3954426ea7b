using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;

namespace VoiceAgent.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Resolves service addresses from configuration. Lookups are cached until the configuration reloads; each
/// caller scope (an HttpClient name, or the shared scope of <see cref="ResolveAsync"/>) walks a service's
/// endpoints round-robin.
/// </summary>
internal sealed partial class ConfigurationServiceEndpointResolver : IServiceEndpointResolver, IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<(string Scope, string Key), RoundRobinCursor> _cursors = new();
    private readonly IDisposable _reloadSubscription;
    private ConcurrentDictionary<string, ServiceEndpointLookup> _lookups = new(StringComparer.OrdinalIgnoreCase);

    public ConfigurationServiceEndpointResolver(IConfiguration configuration, ILogger<ConfigurationServiceEndpointResolver> logger)
    {
        _configuration = configuration;
        _logger = logger;
        _reloadSubscription = ChangeToken.OnChange(configuration.GetReloadToken, OnConfigurationReloaded);
    }

    public ValueTask<IReadOnlyList<Uri>> GetEndpointsAsync(Uri serviceUri, CancellationToken cancellationToken = default)
    {
        var lookup = Lookup(serviceUri);
        lookup.ThrowIfFailed();
        IReadOnlyList<Uri> endpoints = lookup.IsPassThrough ? [serviceUri] : lookup.Endpoints;
        return ValueTask.FromResult(endpoints);
    }

    public ValueTask<Uri> ResolveAsync(Uri serviceUri, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Resolve(serviceUri, scope: string.Empty));

    /// <summary>Rewrites <paramref name="serviceUri"/> onto the next endpoint of its service for this scope.</summary>
    public Uri Resolve(Uri serviceUri, string scope)
    {
        var lookup = Lookup(serviceUri);
        lookup.ThrowIfFailed();
        if (lookup.IsPassThrough)
        {
            return serviceUri;
        }

        var endpoints = lookup.Endpoints;
        var cursor = _cursors.GetOrAdd((scope, lookup.Query.Key), static _ => new RoundRobinCursor());
        return Rewrite(serviceUri, endpoints[cursor.Next(endpoints.Length)]);
    }

    public void Dispose() => _reloadSubscription.Dispose();

    private ServiceEndpointLookup Lookup(Uri serviceUri)
    {
        ArgumentNullException.ThrowIfNull(serviceUri);
        if (!serviceUri.IsAbsoluteUri)
        {
            throw new ArgumentException($"Service address '{serviceUri}' is not an absolute URI.", nameof(serviceUri));
        }

        var lookups = Volatile.Read(ref _lookups);
        var key = ServiceEndpointQuery.GetKey(serviceUri);
        if (lookups.TryGetValue(key, out var cached))
        {
            return cached;
        }

        var lookup = ServiceEndpointConfigurationReader.Read(_configuration, ServiceEndpointQuery.Parse(serviceUri));
        LogLookup(lookup);
        return lookups.GetOrAdd(key, lookup);
    }

    private void LogLookup(ServiceEndpointLookup lookup)
    {
        var query = lookup.Query;
        if (lookup.IsPassThrough)
        {
            Log.PassingThrough(_logger, query.Key);
        }
        else if (lookup.Endpoints.Length > 0)
        {
            Log.Resolved(_logger, query.Key, query.ServiceName, lookup.Endpoints.Length, string.Join(", ", lookup.Endpoints.AsEnumerable()));
        }
        else
        {
            Log.NotFound(_logger, query.Key, query.ServiceName);
        }
    }

    private void OnConfigurationReloaded()
    {
        // A lookup racing with the reload lands in the discarded dictionary, never in the new one.
        Volatile.Write(ref _lookups, new ConcurrentDictionary<string, ServiceEndpointLookup>(StringComparer.OrdinalIgnoreCase));
        Log.ConfigurationReloaded(_logger);
    }

    private static Uri Rewrite(Uri serviceUri, Uri endpoint)
    {
        var rewritten = new UriBuilder(serviceUri)
        {
            Scheme = endpoint.Scheme,
            Host = endpoint.Host,
            Port = endpoint.Port,
        };

        // An endpoint with a base path (http://10.0.0.5:8080/api) keeps it in front of the request's path.
        var basePath = endpoint.AbsolutePath;
        if (basePath.Length > 1)
        {
            rewritten.Path = string.Concat(basePath.TrimEnd('/'), serviceUri.AbsolutePath);
        }

        return rewritten.Uri;
    }
}
