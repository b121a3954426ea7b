namespace VoiceAgent.ServiceDefaults.ServiceDiscovery;

/// <summary>
/// Sends each request to a concrete endpoint of the service its URI names, then puts the logical URI back so that
/// an outer handler (resilience) that sends the same request again resolves again, onto the next instance.
/// </summary>
internal sealed class ServiceDiscoveryHttpHandler(ConfigurationServiceEndpointResolver resolver, string clientName) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var serviceUri = request.RequestUri;
        if (serviceUri is null || !serviceUri.IsAbsoluteUri)
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var endpointUri = resolver.Resolve(serviceUri, clientName);
        if (ReferenceEquals(endpointUri, serviceUri))
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }

        request.RequestUri = endpointUri;
        try
        {
            return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            request.RequestUri = serviceUri;
        }
    }
}
