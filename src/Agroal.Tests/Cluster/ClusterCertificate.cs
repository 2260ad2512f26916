using System.Diagnostics;

namespace Agroal.Tests.Cluster;

/// <summary>
/// A self-signed remoting certificate made with the openssl command line, as an operator would: the PEM certificate
/// (what the other nodes trust) and the PKCS#12 file with its key (what Akka's ssl.certificate.path loads).
/// </summary>
public sealed record ClusterCertificate(string PemPath, string PfxPath, string Password)
{
    /// <summary>Writes <c>name.pem</c>, <c>name.key</c> and <c>name.pfx</c> into <paramref name="directory"/>.</summary>
    public static ClusterCertificate Create(string directory, string name)
    {
        var pem = Path.Combine(directory, name + ".pem");
        var key = Path.Combine(directory, name + ".key");
        var pfx = Path.Combine(directory, name + ".pfx");
        const string password = "cluster-secret";
        Run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", $"/CN=agroal-{name}",
            "-addext", "subjectAltName=IP:127.0.0.1", "-addext", "extendedKeyUsage=serverAuth,clientAuth",
            "-keyout", key, "-out", pem);
        Run("pkcs12", "-export", "-in", pem, "-inkey", key, "-out", pfx, "-passout", "pass:" + password);
        return new ClusterCertificate(pem, pfx, password);
    }

    /// <summary>The HOCON that turns remoting TLS on with this certificate, trusting <paramref name="trusted"/> (a PEM file).</summary>
    public string Hocon(string trusted) => $$"""
        akka.remote.dot-netty.tcp {
          enable-ssl = true
          ssl.certificate { path = "{{PfxPath}}", password = "{{Password}}" }
        }
        agroal.cluster.tls.trusted-certificates = "{{trusted}}"
        """;

    private static void Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("openssl") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("openssl did not start");
        var error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {error.Result}");
    }
}
