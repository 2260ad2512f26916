using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using ILoggingAdapter = Akka.Event.ILoggingAdapter;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Cluster;

/// <summary>
/// Decides, during the TLS handshake of a remoting connection (inbound and outbound), whether the peer's certificate
/// chains to the cluster's trust list. Akka calls it once per connection, never per message.
/// </summary>
public sealed partial class RemotingPeerValidator
{
    private readonly X509Certificate2Collection _trusted;
    private readonly bool _checkHostname;
    private readonly ILogger _logger;

    public RemotingPeerValidator(X509Certificate2Collection trusted, bool checkHostname, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(trusted);
        ArgumentNullException.ThrowIfNull(logger);
        _trusted = trusted;
        _checkHostname = checkHostname;
        _logger = logger;
    }

    /// <summary>Akka's <see cref="Akka.Remote.Transport.DotNetty.CertificateValidationCallback"/>: true accepts the peer.</summary>
    public bool Validate(X509Certificate2? certificate, X509Chain? presented, string remotePeer, SslPolicyErrors errors, ILoggingAdapter log)
    {
        if (certificate is null)
        {
            Log.Refused(_logger, remotePeer, "no certificate", "-");
            return false;
        }
        if (_checkHostname && (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            Log.Refused(_logger, remotePeer, "the certificate does not name the address dialled", certificate.Subject);
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_trusted);
        // A private cluster CA publishes no revocation list; rotation is by replacing the trust list and restarting.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        if (chain.Build(certificate))
        {
            return true;
        }
        var reasons = new List<string>();
        foreach (var status in chain.ChainStatus)
        {
            reasons.Add(status.Status.ToString());
        }
        Log.Refused(_logger, remotePeer, "not issued by a certificate of " + RemotingTlsTrust.TrustedCertificatesKey + " (" + string.Join(",", reasons) + ")", certificate.Subject);
        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1420, Level = LogLevel.Warning, Message = "cluster: remoting peer refused peer={Peer} reason={Reason} subject={Subject}")]
        public static partial void Refused(ILogger logger, string peer, string reason, string subject);
    }
}
