using System.Text.RegularExpressions;

namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>Base class of the resources the AppHost runs as child processes.</summary>
public abstract partial class Resource : IResourceWithEndpoints, IResourceWithEnvironment, IResourceWithArgs, IResourceWithWaitSupport
{
    /// <summary>Creates a resource after checking that <paramref name="name"/> is a valid resource name.</summary>
    protected Resource(string name)
    {
        ValidateName(name);
        Name = name;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public ResourceAnnotationCollection Annotations { get; } = [];

    /// <summary>The kind of resource shown by the resource API (<c>Project</c>, <c>Executable</c>).</summary>
    public abstract string ResourceType { get; }

    /// <inheritdoc/>
    public override string ToString() => $"{ResourceType} {Name}";

    /// <summary>
    /// Resource names end up in DNS names, environment variable names and replica names: letters, digits and
    /// single dashes, starting with a letter, at most 64 characters.
    /// </summary>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 64 || !NamePattern().IsMatch(name) || name.Contains("--", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"'{name}' is not a valid resource name: use letters, digits and single dashes, start with a letter, " +
                "do not end with a dash, at most 64 characters.",
                nameof(name));
        }
    }

    [GeneratedRegex("^[a-zA-Z]([a-zA-Z0-9-]*[a-zA-Z0-9])?$")]
    private static partial Regex NamePattern();
}
