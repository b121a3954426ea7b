using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Text;

namespace VoiceAgent.Redis;

/// <summary>
/// Where the Redis server is and how to talk to it. <see cref="Parse"/> reads the connection strings that
/// StackExchange.Redis and Aspire write (<c>host:port,password=...</c>); see the project's README for the
/// keywords understood.
/// </summary>
public sealed class RedisOptions
{
    public const int DefaultPort = 6379;
    public const int DefaultTlsPort = 6380;

    // StackExchange.Redis keywords that change nothing for a single-endpoint RESP2 client; accepted so that
    // connection strings written for it keep working.
    private static readonly HashSet<string> IgnoredKeywords = new(StringComparer.OrdinalIgnoreCase)
    {
        "abortConnect", "allowAdmin", "connectRetry", "resolveDns", "tiebreaker", "version", "configChannel",
        "configCheckSeconds", "channelPrefix", "setlib", "highPrioritySocketThreads", "responseTimeout",
        "sslProtocols", "heartbeatInterval", "heartbeatConsistencyChecks", "includeDetailInExceptions",
        "includePerformanceCountersInExceptions",
    };

    /// <summary>The servers named in the connection string; the client connects to the first.</summary>
    public IList<DnsEndPoint> EndPoints { get; } = new List<DnsEndPoint>();

    /// <summary>The ACL user name (Redis 6+); null authenticates as the default user.</summary>
    public string? User { get; set; }

    public string? Password { get; set; }

    /// <summary>Connect with TLS.</summary>
    public bool Ssl { get; set; }

    /// <summary>The host name the server's TLS certificate must carry; the endpoint's host when null.</summary>
    public string? SslHost { get; set; }

    /// <summary>Checks the server certificate instead of the default chain-and-name validation (for private CAs).</summary>
    public RemoteCertificateValidationCallback? RemoteCertificateValidation { get; set; }

    public bool CheckCertificateRevocation { get; set; } = true;

    /// <summary>The database selected on every connection (SELECT).</summary>
    public int DefaultDatabase { get; set; }

    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a command may take from the call until its reply, queueing included (syncTimeout/asyncTimeout).</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The name set with CLIENT SETNAME on every connection (shown by CLIENT LIST).</summary>
    public string? ClientName { get; set; }

    /// <summary>TCP keep-alive idle time; zero or less turns keep-alive off.</summary>
    public TimeSpan KeepAlive { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Commands that may wait to be written; callers wait (backpressure) while the queue is full.</summary>
    public int MaxQueuedCommands { get; set; } = 4096;

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How long commands may wait with no reply at all before the connection is presumed dead and replaced (their
    /// callers have long given up by then). Null: twice the command timeout, at least one second;
    /// <see cref="Timeout.InfiniteTimeSpan"/>: never (rely on TCP keep-alive).
    /// </summary>
    public TimeSpan? UnresponsiveConnectionTimeout { get; set; }

    internal TimeSpan EffectiveUnresponsiveTimeout => UnresponsiveConnectionTimeout
        ?? (CommandTimeout == Timeout.InfiniteTimeSpan
            ? Timeout.InfiniteTimeSpan
            : TimeSpan.FromTicks(Math.Max(2 * CommandTimeout.Ticks, TimeSpan.TicksPerSecond)));

    /// <summary>Do not create an Activity per command even when the <c>VoiceAgent.Redis</c> source has listeners.</summary>
    public bool DisableTracing { get; set; }

    /// <summary>
    /// Parses <c>host[:port][,host2:port2...][,keyword=value...]</c>. Keywords are case-insensitive: <c>password</c>,
    /// <c>user</c>, <c>ssl</c>, <c>sslHost</c>, <c>checkCertificateRevocation</c>, <c>defaultDatabase</c>,
    /// <c>connectTimeout</c> (ms), <c>syncTimeout</c>/<c>asyncTimeout</c> (ms), <c>keepAlive</c> (s), <c>name</c>;
    /// other StackExchange.Redis keywords without meaning here are ignored; <c>serviceName</c> (Sentinel),
    /// <c>proxy</c> and <c>protocol=resp3</c> are rejected, as are unknown keywords.
    /// </summary>
    public static RedisOptions Parse(string connectionString)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        var options = new RedisOptions();
        int? syncTimeout = null;
        int? asyncTimeout = null;
        foreach (var rawToken in connectionString.Split(','))
        {
            var token = rawToken.Trim();
            if (token.Length == 0)
            {
                continue;
            }

            var equals = token.IndexOf('=');
            if (equals < 0)
            {
                options.EndPoints.Add(ParseEndPoint(token));
                continue;
            }

            var key = token[..equals].Trim();
            var value = token[(equals + 1)..].Trim();
            switch (key.ToLowerInvariant())
            {
                case "password":
                    options.Password = value;
                    break;
                case "user":
                    options.User = value.Length == 0 ? null : value;
                    break;
                case "ssl":
                    options.Ssl = ParseBoolean(key, value);
                    break;
                case "sslhost":
                    options.SslHost = value.Length == 0 ? null : value;
                    break;
                case "checkcertificaterevocation":
                    options.CheckCertificateRevocation = ParseBoolean(key, value);
                    break;
                case "defaultdatabase":
                    options.DefaultDatabase = ParseInt32(key, value, min: 0);
                    break;
                case "connecttimeout":
                    options.ConnectTimeout = TimeSpan.FromMilliseconds(ParseInt32(key, value, min: 1));
                    break;
                case "synctimeout":
                    syncTimeout = ParseInt32(key, value, min: 1);
                    break;
                case "asynctimeout":
                    asyncTimeout = ParseInt32(key, value, min: 1);
                    break;
                case "keepalive":
                    options.KeepAlive = TimeSpan.FromSeconds(ParseInt32(key, value, min: -1));
                    break;
                case "name":
                    options.ClientName = value.Length == 0 ? null : value;
                    break;
                case "protocol":
                    if (!value.Equals("resp2", StringComparison.OrdinalIgnoreCase) && value != "2")
                    {
                        throw new NotSupportedException($"protocol={value} is not supported: this client speaks RESP2 only.");
                    }

                    break;
                case "servicename":
                    throw new NotSupportedException("serviceName (Redis Sentinel) is not supported: connect to the primary directly.");
                case "proxy":
                    if (!value.Equals("none", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new NotSupportedException($"proxy={value} is not supported.");
                    }

                    break;
                default:
                    if (!IgnoredKeywords.Contains(key))
                    {
                        throw new ArgumentException(
                            $"Unknown keyword '{key}' in the Redis connection string. Supported: password, user, ssl, sslHost, " +
                            "checkCertificateRevocation, defaultDatabase, connectTimeout, syncTimeout, asyncTimeout, keepAlive, name.",
                            nameof(connectionString));
                    }

                    break;
            }
        }

        // The async timeout is the one that applies to an async-only client; syncTimeout is its fallback, as in
        // StackExchange.Redis.
        if ((asyncTimeout ?? syncTimeout) is int timeout)
        {
            options.CommandTimeout = TimeSpan.FromMilliseconds(timeout);
        }

        if (options.EndPoints.Count == 0)
        {
            throw new ArgumentException("The Redis connection string names no endpoint (expected host:port).", nameof(connectionString));
        }

        if (options.Ssl)
        {
            // An endpoint given without a port means the TLS port, as StackExchange.Redis has it.
            for (var i = 0; i < options.EndPoints.Count; i++)
            {
                if (options.EndPoints[i].Port == 0)
                {
                    options.EndPoints[i] = new DnsEndPoint(options.EndPoints[i].Host, DefaultTlsPort);
                }
            }
        }

        for (var i = 0; i < options.EndPoints.Count; i++)
        {
            if (options.EndPoints[i].Port == 0)
            {
                options.EndPoints[i] = new DnsEndPoint(options.EndPoints[i].Host, DefaultPort);
            }
        }

        return options;
    }

    /// <summary><c>host:port</c>, with IPv6 addresses in brackets.</summary>
    public static string Format(DnsEndPoint endPoint) =>
        endPoint.Host.Contains(':', StringComparison.Ordinal)
            ? $"[{endPoint.Host}]:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}"
            : $"{endPoint.Host}:{endPoint.Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The options as a connection string, with the password masked.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(string.Join(',', EndPoints.Select(Format)));
        if (User is not null)
        {
            text.Append(",user=").Append(User);
        }

        if (Password is not null)
        {
            text.Append(",password=*****");
        }

        if (Ssl)
        {
            text.Append(",ssl=true");
            if (SslHost is not null)
            {
                text.Append(",sslHost=").Append(SslHost);
            }
        }

        text.Append(CultureInfo.InvariantCulture, $",defaultDatabase={DefaultDatabase}");
        text.Append(CultureInfo.InvariantCulture, $",connectTimeout={ConnectTimeout.TotalMilliseconds:0}");
        text.Append(CultureInfo.InvariantCulture, $",syncTimeout={CommandTimeout.TotalMilliseconds:0}");
        if (ClientName is not null)
        {
            text.Append(",name=").Append(ClientName);
        }

        return text.ToString();
    }

    internal void Validate()
    {
        if (EndPoints.Count == 0)
        {
            throw new ArgumentException("RedisOptions.EndPoints is empty: name the server to connect to.");
        }

        if (ConnectTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(ConnectTimeout), ConnectTimeout, "The connect timeout must be positive.");
        }

        if (CommandTimeout <= TimeSpan.Zero && CommandTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(CommandTimeout), CommandTimeout, "The command timeout must be positive or infinite.");
        }

        if (MaxQueuedCommands < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxQueuedCommands), MaxQueuedCommands, "At least one command must be able to wait.");
        }

        if (DefaultDatabase < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(DefaultDatabase), DefaultDatabase, "Database numbers start at 0.");
        }

        if (ClientName is not null && ClientName.Any(c => c <= ' ' || c > '~'))
        {
            throw new ArgumentException($"The client name '{ClientName}' must not contain spaces or non-printable characters.", nameof(ClientName));
        }

        if (UnresponsiveConnectionTimeout is { } unresponsive && unresponsive <= TimeSpan.Zero && unresponsive != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(UnresponsiveConnectionTimeout), unresponsive, "Must be positive or infinite.");
        }

        if (ReconnectMinDelay <= TimeSpan.Zero || ReconnectMaxDelay < ReconnectMinDelay)
        {
            throw new ArgumentOutOfRangeException(nameof(ReconnectMinDelay), "Reconnect delays must be positive, the maximum no smaller than the minimum.");
        }
    }

    private static DnsEndPoint ParseEndPoint(string text)
    {
        string host;
        var port = 0;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                throw new ArgumentException($"Invalid Redis endpoint '{text}': missing ']'.");
            }

            host = text[1..close];
            var rest = text[(close + 1)..];
            if (rest.Length > 0)
            {
                port = rest.StartsWith(':') ? ParsePort(text, rest[1..]) : throw new ArgumentException($"Invalid Redis endpoint '{text}'.");
            }
        }
        else if (IPAddress.TryParse(text, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
        {
            host = text;
        }
        else
        {
            var colon = text.LastIndexOf(':');
            host = colon < 0 ? text : text[..colon];
            if (colon >= 0)
            {
                port = ParsePort(text, text[(colon + 1)..]);
            }
        }

        if (host.Length == 0)
        {
            throw new ArgumentException($"Invalid Redis endpoint '{text}': no host.");
        }

        return new DnsEndPoint(host, port);
    }

    private static int ParsePort(string endPoint, string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new ArgumentException($"Invalid port in Redis endpoint '{endPoint}'.");

    private static bool ParseBoolean(string key, string value) =>
        bool.TryParse(value, out var result)
            ? result
            : throw new ArgumentException($"{key}={value}: expected true or false.");

    private static int ParseInt32(string key, string value, int min) =>
        int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result) && result >= min
            ? result
            : throw new ArgumentException($"{key}={value}: expected an integer of at least {min}.");
}
