using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Agroal.Actors.Runtime;
using Akka.Configuration;
using Akka.Remote.Transport.DotNetty;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>
/// Remoting over TLS with agroal's trust list (<c>agroal.cluster.tls.trusted-certificates</c>). Akka 1.5.75 checks a
/// peer's certificate only against the system's trust store (or not at all with suppress-validation), so a private
/// cluster certificate would be refused, or any certificate accepted. With the trust list, a peer is accepted in both
/// directions only when its certificate chains to one of the listed certificates: the cluster's own CA, or the one
/// self-signed certificate every node shares.
/// </summary>
public static class RemotingTlsTrust
{
    /// <summary>The HOCON key naming a PEM file of the certificates a peer's certificate must chain to.</summary>
    public const string TrustedCertificatesKey = "agroal.cluster.tls.trusted-certificates";

    private const string Ssl = "akka.remote.dot-netty.tcp.ssl";

    /// <summary>Refuses what the trust list cannot honour, and files it cannot read, before anything starts.</summary>
    /// <exception cref="RuntimeHoconException">The combination of keys or a file is unusable; the message says which.</exception>
    public static void Check(Config effective)
    {
        Load(effective)?.Dispose();
    }

    /// <summary>The transport's TLS setup when remoting runs over TLS with a trust list; null otherwise (Akka's own rules apply).</summary>
    /// <exception cref="RuntimeHoconException">As <see cref="Check"/>.</exception>
    public static DotNettySslSetup? CreateSetup(Config effective, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var loaded = Load(effective);
        if (loaded is null)
        {
            return null;
        }
        var validator = new RemotingPeerValidator(loaded.Trusted, loaded.CheckHostname, loggerFactory.CreateLogger<RemotingPeerValidator>());
        return new DotNettySslSetup(loaded.Certificate, suppressValidation: false, requireMutualAuthentication: true,
            loaded.CheckHostname, validator.Validate);
    }

    private static LoadedTrust? Load(Config effective)
    {
        ArgumentNullException.ThrowIfNull(effective);
        var trustedFile = effective.GetString(TrustedCertificatesKey, "");
        if (!ClusterHocon.RemotingOverTls(effective))
        {
            if (!string.IsNullOrWhiteSpace(trustedFile))
            {
                throw new RuntimeHoconException($"{TrustedCertificatesKey} is set but remoting runs without TLS: set akka.remote.dot-netty.tcp.enable-ssl = true");
            }
            return null;
        }
        if (string.IsNullOrWhiteSpace(trustedFile))
        {
            return null;
        }
        if (effective.GetBoolean($"{Ssl}.suppress-validation", false))
        {
            throw new RuntimeHoconException($"{Ssl}.suppress-validation = true accepts any certificate, which defeats {TrustedCertificatesKey}: remove one of them");
        }
        if (!effective.GetBoolean($"{Ssl}.require-mutual-authentication", true))
        {
            throw new RuntimeHoconException($"{TrustedCertificatesKey} checks peers in both directions: it needs {Ssl}.require-mutual-authentication = true (Akka's default)");
        }
        var trusted = LoadTrusted(trustedFile);
        try
        {
            var certificate = LoadOwnCertificate(effective);
            return new LoadedTrust(certificate, trusted, effective.GetBoolean($"{Ssl}.validate-certificate-hostname", false));
        }
        catch
        {
            DisposeAll(trusted);
            throw;
        }
    }

    private static X509Certificate2Collection LoadTrusted(string path)
    {
        var trusted = new X509Certificate2Collection();
        try
        {
            trusted.ImportFromPemFile(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            DisposeAll(trusted);
            throw new RuntimeHoconException($"{TrustedCertificatesKey} = {path}: cannot read the certificates: {ex.Message}", ex);
        }
        if (trusted.Count == 0)
        {
            throw new RuntimeHoconException($"{TrustedCertificatesKey} = {path}: no PEM certificate (-----BEGIN CERTIFICATE-----) in the file");
        }
        return trusted;
    }

    private static X509Certificate2 LoadOwnCertificate(Config effective)
    {
        var path = effective.GetString($"{Ssl}.certificate.path", "");
        if (effective.GetBoolean($"{Ssl}.certificate.use-thumbprint-over-file", false)
            || !string.IsNullOrWhiteSpace(effective.GetString($"{Ssl}.certificate.common-name", ""))
            || string.IsNullOrWhiteSpace(path) || Directory.Exists(path))
        {
            throw new RuntimeHoconException($"with {TrustedCertificatesKey} the node's own certificate must be one PKCS#12 file (certificate and key) named by {Ssl}.certificate.path");
        }
        var password = effective.GetString($"{Ssl}.certificate.password", "");
        var flags = X509KeyStorageFlags.DefaultKeySet;
        foreach (var flag in effective.GetStringList($"{Ssl}.certificate.flags", []))
        {
            flags |= StorageFlag(flag);
        }
        X509Certificate2 certificate;
        try
        {
            certificate = X509CertificateLoader.LoadPkcs12FromFile(path, string.IsNullOrEmpty(password) ? null : password, flags);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new RuntimeHoconException($"{Ssl}.certificate.path = {path}: cannot load the PKCS#12 certificate and key: {ex.Message}", ex);
        }
        if (!certificate.HasPrivateKey)
        {
            certificate.Dispose();
            throw new RuntimeHoconException($"{Ssl}.certificate.path = {path}: the file holds no private key");
        }
        return certificate;
    }

    private static X509KeyStorageFlags StorageFlag(string name) => name switch
    {
        "default-key-set" => X509KeyStorageFlags.DefaultKeySet,
        "exportable" => X509KeyStorageFlags.Exportable,
        "machine-key-set" => X509KeyStorageFlags.MachineKeySet,
        "persist-key-set" => X509KeyStorageFlags.PersistKeySet,
        "user-key-set" => X509KeyStorageFlags.UserKeySet,
        "user-protected" => X509KeyStorageFlags.UserProtected,
        _ => throw new RuntimeHoconException($"{Ssl}.certificate.flags: unknown flag \"{name}\" (default-key-set, exportable, machine-key-set, persist-key-set, user-key-set, user-protected)"),
    };

    private static void DisposeAll(X509Certificate2Collection certificates)
    {
        foreach (var certificate in certificates)
        {
            certificate.Dispose();
        }
    }

    /// <summary>The node's certificate and the trust list, read once.</summary>
    private sealed record LoadedTrust(X509Certificate2 Certificate, X509Certificate2Collection Trusted, bool CheckHostname) : IDisposable
    {
        public void Dispose()
        {
            Certificate.Dispose();
            DisposeAll(Trusted);
        }
    }
}
