namespace VoiceAgent.Hosting.ApplicationModel;

/// <summary>
/// The connection string a resource publishes; <c>WithReference</c> hands it to consumers as
/// <c>ConnectionStrings__{name}</c>. Evaluated after the ports are allocated.
/// </summary>
public sealed class ConnectionStringAnnotation(Func<string> connectionString) : IResourceAnnotation
{
    /// <summary>Produces the connection string.</summary>
    public Func<string> ConnectionString { get; } = connectionString;
}
