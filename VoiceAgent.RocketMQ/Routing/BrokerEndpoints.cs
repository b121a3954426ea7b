using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Proto = VoiceAgent.RocketMQ.Protocol;

namespace VoiceAgent.RocketMQ;

/// <summary>
/// The addresses of one proxy or broker: the configured access point, or the endpoints a route names.
/// Two instances are equal when they name the same scheme and addresses in the same order.
/// </summary>
internal sealed class BrokerEndpoints : IEquatable<BrokerEndpoints>
{
    private Uri[]? _httpUris;
    private Uri[]? _httpsUris;

    private BrokerEndpoints(Proto.AddressScheme scheme, IReadOnlyList<(string Host, int Port)> addresses)
    {
        Scheme = scheme;
        Addresses = addresses;
        Key = string.Join(';', addresses.Select(a => FormatAuthority(a.Host, a.Port)));
    }

    public Proto.AddressScheme Scheme { get; }

    public IReadOnlyList<(string Host, int Port)> Addresses { get; }

    /// <summary><c>host:port;host:port</c>, the identity of these endpoints.</summary>
    public string Key { get; }

    /// <summary>Parses <c>host:port</c> items separated by <c>;</c> or <c>,</c> (IPv6 as <c>[::1]:8081</c>).</summary>
    public static BrokerEndpoints Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var items = text.Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (items.Length == 0)
        {
            throw new FormatException("RocketMQ endpoints are empty; expected host:port[;host:port...].");
        }

        var addresses = new List<(string Host, int Port)>(items.Length);
        foreach (var item in items)
        {
            addresses.Add(ParseAddress(item));
        }

        return new BrokerEndpoints(SchemeOf(addresses), addresses);
    }

    public static BrokerEndpoints FromProtobuf(Proto.Endpoints endpoints)
    {
        if (endpoints.Addresses.Count == 0)
        {
            throw new FormatException("The server named endpoints without any address.");
        }

        var addresses = endpoints.Addresses.Select(a => (a.Host, a.Port)).ToList();
        var scheme = endpoints.Scheme == Proto.AddressScheme.Unspecified ? SchemeOf(addresses) : endpoints.Scheme;
        return new BrokerEndpoints(scheme, addresses);
    }

    public Proto.Endpoints ToProtobuf()
    {
        var endpoints = new Proto.Endpoints { Scheme = Scheme };
        foreach (var (host, port) in Addresses)
        {
            endpoints.Addresses.Add(new Proto.Address { Host = host, Port = port });
        }

        return endpoints;
    }

    /// <summary>The URI of address <paramref name="index"/>, <c>http://</c> for h2c or <c>https://</c> for TLS.</summary>
    public Uri GetUri(int index, bool tls)
    {
        var uris = tls ? (_httpsUris ??= CreateUris("https")) : (_httpUris ??= CreateUris("http"));
        return uris[index % uris.Length];
    }

    public bool Equals(BrokerEndpoints? other) => other is not null && Scheme == other.Scheme && Key == other.Key;

    public override bool Equals(object? obj) => Equals(obj as BrokerEndpoints);

    public override int GetHashCode() => Key.GetHashCode(StringComparison.Ordinal);

    public override string ToString() => Key;

    private Uri[] CreateUris(string scheme) =>
        Addresses.Select(a => new Uri($"{scheme}://{FormatAuthority(a.Host, a.Port)}")).ToArray();

    private static (string Host, int Port) ParseAddress(string item)
    {
        string host;
        string portText;
        if (item.StartsWith('['))
        {
            var close = item.IndexOf(']');
            if (close < 0 || close + 1 >= item.Length || item[close + 1] != ':')
            {
                throw new FormatException($"RocketMQ endpoint '{item}' is not of the form [ipv6]:port.");
            }

            host = item[1..close];
            portText = item[(close + 2)..];
        }
        else
        {
            var colon = item.LastIndexOf(':');
            if (colon <= 0 || item.IndexOf(':') != colon)
            {
                throw new FormatException($"RocketMQ endpoint '{item}' is not of the form host:port.");
            }

            host = item[..colon];
            portText = item[(colon + 1)..];
        }

        if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
        {
            throw new FormatException($"RocketMQ endpoint '{item}' has no valid port (1-65535).");
        }

        if (host.Length == 0)
        {
            throw new FormatException($"RocketMQ endpoint '{item}' has no host.");
        }

        return (host, port);
    }

    private static Proto.AddressScheme SchemeOf(IReadOnlyList<(string Host, int Port)> addresses)
    {
        var families = addresses
            .Select(a => IPAddress.TryParse(a.Host, out var ip) ? ip.AddressFamily : AddressFamily.Unspecified)
            .Distinct()
            .ToList();
        return families switch
        {
            [AddressFamily.InterNetwork] => Proto.AddressScheme.Ipv4,
            [AddressFamily.InterNetworkV6] => Proto.AddressScheme.Ipv6,
            _ => Proto.AddressScheme.DomainName,
        };
    }

    private static string FormatAuthority(string host, int port) =>
        host.Contains(':', StringComparison.Ordinal) ? $"[{host}]:{port}" : $"{host}:{port}";
}
