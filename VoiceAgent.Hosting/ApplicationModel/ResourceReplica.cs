namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>One running copy of a resource, named <c>{resource}-{index}</c>.</summary>
public sealed class ResourceReplica(IResource resource, int index)
{
    /// <summary>The resource.</summary>
    public IResource Resource { get; } = resource;

    /// <summary>The replica index, from 0.</summary>
    public int Index { get; } = index;

    /// <summary>The replica name, e.g. <c>gateway-0</c>.</summary>
    public string Name { get; } = NameOf(resource.Name, index);

    /// <summary>This replica's address for the named endpoint.</summary>
    public AllocatedEndpoint GetEndpoint(string endpointName)
    {
        var endpoint = Resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == endpointName)
            ?? throw new InvalidOperationException($"Resource '{Resource.Name}' has no endpoint named '{endpointName}'.");
        return Index < endpoint.AllocatedEndpoints.Count
            ? endpoint.AllocatedEndpoints[Index]
            : throw new InvalidOperationException($"The endpoint '{endpointName}' of '{Name}' has no address yet.");
    }

    /// <summary>The replica name for a resource name and an index.</summary>
    public static string NameOf(string resourceName, int index) => $"{resourceName}-{index}";

    /// <inheritdoc/>
    public override string ToString() => Name;
}
