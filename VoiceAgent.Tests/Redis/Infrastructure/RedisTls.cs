using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace VoiceAgent.Tests.Redis.Infrastructure;

/// <summary>A throw-away certificate authority and a server certificate for localhost/127.0.0.1, as PEM files for redis-server.</summary>
public sealed class RedisTls : IDisposable
{
    private RedisTls(string directory, X509Certificate2 authority)
    {
        Directory = directory;
        Authority = authority;
    }

    public string Directory { get; }

    public X509Certificate2 Authority { get; }

    public string CertificateFile => Path.Combine(Directory, "server.crt");

    public string KeyFile => Path.Combine(Directory, "server.key");

    public string CaFile => Path.Combine(Directory, "ca.crt");

    public static RedisTls Create()
    {
        var directory = System.IO.Directory.CreateTempSubdirectory("voiceagent-redis-tls-").FullName;
        var notBefore = DateTimeOffset.UtcNow.AddDays(-1);
        var notAfter = DateTimeOffset.UtcNow.AddDays(1);

        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest("CN=VoiceAgent test CA", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var authority = authorityRequest.CreateSelfSigned(notBefore, notAfter);

        using var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = serverRequest.Create(authority, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));

        var tls = new RedisTls(directory, authority);
        File.WriteAllText(tls.CertificateFile, server.ExportCertificatePem());
        File.WriteAllText(tls.KeyFile, serverKey.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(tls.CaFile, authority.ExportCertificatePem());
        return tls;
    }

    /// <summary>Accepts exactly the certificates this authority issued for the expected name.</summary>
    public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.Add(Authority);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return custom.Build(presented);
    }

    public void Dispose()
    {
        Authority.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
