namespace VoiceAgent.Hosting;

/// <summary>How the AppHost runs the application; the defaults suit <c>dotnet run --project VoiceAgent.AppHost</c>.</summary>
public sealed class DistributedApplicationOptions
{
    /// <summary>The default address of the resource API (and later the dashboard).</summary>
    public const string DefaultResourceApiUrl = "http://localhost:18888";

    /// <summary>The AppHost's command-line arguments.</summary>
    public string[] Args { get; set; } = [];

    /// <summary>
    /// Where the resource API listens. Null: the <c>ASPNETCORE_URLS</c> configuration value, else
    /// <see cref="DefaultResourceApiUrl"/>. Port 0 picks a free port.
    /// </summary>
    public string? ResourceApiUrl { get; set; }

    /// <summary>Whether each replica's console output is written to the AppHost's console, prefixed with the replica name.</summary>
    public bool WriteResourceOutputToConsole { get; set; } = true;

    /// <summary>Whether the table of resources and URLs is printed once every resource is up.</summary>
    public bool PrintResourceTable { get; set; } = true;

    /// <summary>How long a stopping replica gets after SIGTERM before it is killed.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The delay before the first restart of a crashed replica; it doubles on each further crash.</summary>
    public TimeSpan RestartDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between restarts.</summary>
    public TimeSpan MaxRestartDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A replica that ran this long before crashing is restarted after <see cref="RestartDelay"/> again.</summary>
    public TimeSpan StableRunPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often a healthy replica is checked.</summary>
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often a replica that is not healthy (yet) is checked.</summary>
    public TimeSpan UnhealthyCheckInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long one health check may take.</summary>
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many console lines are kept per replica.</summary>
    public int MaxLogLinesPerReplica { get; set; } = 10_000;

    /// <summary>Set by the testing API: no console lifetime, quieter logs.</summary>
    internal bool IsTesting { get; set; }
}
