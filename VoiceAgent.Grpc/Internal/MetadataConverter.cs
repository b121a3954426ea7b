using System.Net.Http.Headers;
using Microsoft.AspNetCore.Http;

namespace VoiceAgent.Grpc.Internal;

/// <summary>Moves <see cref="Metadata"/> to and from HTTP/2 headers; <c>-bin</c> values are base64 on the wire.</summary>
internal static class MetadataConverter
{
    public static void AddTo(Metadata metadata, HttpHeaders headers)
    {
        foreach (var entry in metadata)
        {
            if (GrpcProtocol.IsReservedHeader(entry.Key))
            {
                continue;
            }

            headers.TryAddWithoutValidation(entry.Key, ToHeaderValue(entry));
        }
    }

    public static void AddTo(Metadata metadata, IHeaderDictionary headers)
    {
        foreach (var entry in metadata)
        {
            if (GrpcProtocol.IsReservedHeader(entry.Key))
            {
                continue;
            }

            headers.Append(entry.Key, ToHeaderValue(entry));
        }
    }

    public static void AddTrailersTo(Metadata metadata, HttpResponse response)
    {
        foreach (var entry in metadata)
        {
            if (!GrpcProtocol.IsReservedHeader(entry.Key))
            {
                response.AppendTrailer(entry.Key, ToHeaderValue(entry));
            }
        }
    }

    public static Metadata FromHeaders(HttpHeaders headers, Metadata? into = null)
    {
        var metadata = into ?? [];
        foreach (var header in headers.NonValidated)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                AddEntry(metadata, header.Key, value);
            }
        }

        return metadata;
    }

    public static Metadata FromHeaders(IHeaderDictionary headers)
    {
        var metadata = new Metadata();
        foreach (var header in headers)
        {
            if (GrpcProtocol.IsReservedHeader(header.Key))
            {
                continue;
            }

            foreach (var value in header.Value)
            {
                if (value is not null)
                {
                    AddEntry(metadata, header.Key, value);
                }
            }
        }

        return metadata;
    }

    /// <summary>
    /// Adds a received header. Names that cannot be metadata keys are skipped rather than failing the call: a proxy
    /// or a non-conforming peer may send them, and they are no concern of the application.
    /// </summary>
    private static void AddEntry(Metadata metadata, string key, string value)
    {
        if (!Metadata.IsValidKey(key))
        {
            return;
        }

        var lowerKey = key.ToLowerInvariant();
        if (lowerKey.EndsWith(Metadata.BinarySuffix, StringComparison.Ordinal))
        {
            // HTTP/2 peers may join repeated headers with commas; each part is one base64 value.
            foreach (var part in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                metadata.AddReceived(new Metadata.Entry(lowerKey, null, DecodeBase64(part)));
            }
        }
        else
        {
            metadata.AddReceived(new Metadata.Entry(lowerKey, value, null));
        }
    }

    private static string ToHeaderValue(Metadata.Entry entry) =>
        entry.IsBinary ? Convert.ToBase64String(entry.ValueBytes!).TrimEnd('=') : entry.Value!;

    private static byte[] DecodeBase64(string value)
    {
        // Senders may leave out the padding.
        var padding = (4 - (value.Length % 4)) % 4;
        var padded = padding == 0 ? value : value + new string('=', padding);
        try
        {
            return Convert.FromBase64String(padded);
        }
        catch (FormatException)
        {
            return [];
        }
    }
}
