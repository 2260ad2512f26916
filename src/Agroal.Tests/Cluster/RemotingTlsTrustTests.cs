using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Agroal.Actors.Cluster;
using Agroal.Actors.Runtime;
using Agroal.Tests.Integration.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Tests.Cluster;

/// <summary>agroal.cluster.tls.trusted-certificates: what it accepts, what it refuses at start-up, and the seeds' protocol.</summary>
public sealed class RemotingTlsTrustTests : IDisposable
{
    private static readonly ClusterSettings Node = new("127.0.0.1", 4611, ["127.0.0.1:4611", "127.0.0.1:4612"], "east");

    private readonly TempDirectory _directory = TempDirectory.Create("/tmp/agroal-tls-trust");
    private readonly ClusterCertificate _cluster;
    private readonly ClusterCertificate _stranger;

    public RemotingTlsTrustTests()
    {
        _cluster = ClusterCertificate.Create(_directory.Path, "cluster");
        _stranger = ClusterCertificate.Create(_directory.Path, "stranger");
    }

    [Fact]
    public void Tls_on_gives_the_seeds_the_ssl_protocol_and_a_setup_that_trusts_only_the_list()
    {
        var config = Load(_cluster.Hocon(_cluster.PemPath));
        Assert.Equal(["akka.ssl.tcp://east@127.0.0.1:4611", "akka.ssl.tcp://east@127.0.0.1:4612"], config.GetStringList("akka.cluster.seed-nodes"));

        var setup = RemotingTlsTrust.CreateSetup(config, NullLoggerFactory.Instance);
        Assert.NotNull(setup);
        Assert.True(setup.RequireMutualAuthentication);
        Assert.False(setup.SuppressValidation);
        Assert.True(setup.Certificate.HasPrivateKey);
        using var own = X509CertificateLoader.LoadCertificateFromFile(_cluster.PemPath);
        using var other = X509CertificateLoader.LoadCertificateFromFile(_stranger.PemPath);
        Assert.True(setup.CustomValidator!(own, null, "peer", SslPolicyErrors.RemoteCertificateChainErrors, Akka.Event.NoLogger.Instance));
        Assert.False(setup.CustomValidator!(other, null, "peer", SslPolicyErrors.RemoteCertificateChainErrors, Akka.Event.NoLogger.Instance));
        Assert.False(setup.CustomValidator!(null, null, "peer", SslPolicyErrors.RemoteCertificateNotAvailable, Akka.Event.NoLogger.Instance));
    }

    [Fact]
    public void Plain_remoting_keeps_akka_tcp_and_needs_no_setup()
    {
        var config = RuntimeHocon.Load(null, Node);
        Assert.Equal("akka.tcp://east@127.0.0.1:4611", config.GetStringList("akka.cluster.seed-nodes")[0]);
        Assert.Null(RemotingTlsTrust.CreateSetup(config, NullLoggerFactory.Instance));
    }

    [Fact]
    public void A_trust_list_without_tls_is_refused()
    {
        var error = Assert.Throws<RuntimeHoconException>(() => Load($"agroal.cluster.tls.trusted-certificates = \"{_cluster.PemPath}\""));
        Assert.Contains("enable-ssl = true", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_trust_list_with_suppressed_validation_or_without_mutual_authentication_is_refused()
    {
        var suppressed = Assert.Throws<RuntimeHoconException>(() => Load(_cluster.Hocon(_cluster.PemPath) + "\nakka.remote.dot-netty.tcp.ssl.suppress-validation = true"));
        Assert.Contains("suppress-validation", suppressed.Message, StringComparison.Ordinal);
        var oneWay = Assert.Throws<RuntimeHoconException>(() => Load(_cluster.Hocon(_cluster.PemPath) + "\nakka.remote.dot-netty.tcp.ssl.require-mutual-authentication = false"));
        Assert.Contains("require-mutual-authentication = true", oneWay.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unreadable_files_are_refused_with_their_path()
    {
        var missing = _directory.Combine("missing.pem");
        var noTrust = Assert.Throws<RuntimeHoconException>(() => Load(_cluster.Hocon(missing)));
        Assert.Contains(missing, noTrust.Message, StringComparison.Ordinal);

        var wrongPassword = Assert.Throws<RuntimeHoconException>(() => Load((_cluster with { Password = "wrong" }).Hocon(_cluster.PemPath)));
        Assert.Contains(_cluster.PfxPath, wrongPassword.Message, StringComparison.Ordinal);

        var notPem = Assert.Throws<RuntimeHoconException>(() => Load(_cluster.Hocon(_cluster.PfxPath)));
        Assert.Contains(RemotingTlsTrust.TrustedCertificatesKey, notPem.Message, StringComparison.Ordinal);
    }

    private Akka.Configuration.Config Load(string hocon)
    {
        var file = _directory.Combine("akka.conf");
        File.WriteAllText(file, hocon);
        return RuntimeHocon.Load(file, Node);
    }

    public void Dispose() => _directory.Dispose();
}
