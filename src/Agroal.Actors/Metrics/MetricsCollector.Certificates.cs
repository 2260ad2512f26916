using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>pgagroal_certificates_* (the inventory) and pgagroal_tls_certificate_* (one series per readable certificate).</summary>
public sealed partial class MetricsCollector
{
    private readonly CertificateInventory _certificateInventory = new();
    private Gauge _certificatesTotal = null!;
    private Gauge _certificatesAccessible = null!;
    private Gauge _certificatesValid = null!;
    private Gauge _certificatesExpired = null!;
    private Gauge _certificatesExpiringSoon = null!;
    private Gauge _certificatesInaccessible = null!;
    private Gauge _certificatesParseErrors = null!;
    private ScrapedFamily _certificateStatus = null!;
    private ScrapedFamily _certificateExpiration = null!;
    private ScrapedFamily _certificateKeySize = null!;
    private ScrapedFamily _certificateIsCa = null!;
    private ScrapedFamily _certificateKeyType = null!;
    private ScrapedFamily _certificateSignature = null!;
    private ScrapedFamily _certificateInfo = null!;
    private ScrapedFamily[] _perCertificate = [];

    private void CreateCertificateFamilies(IMetricFactory factory)
    {
        _certificatesTotal = MetricCatalog.CertificatesTotal.CreateGauge(factory);
        _certificatesAccessible = MetricCatalog.CertificatesAccessible.CreateGauge(factory);
        _certificatesValid = MetricCatalog.CertificatesValid.CreateGauge(factory);
        _certificatesExpired = MetricCatalog.CertificatesExpired.CreateGauge(factory);
        _certificatesExpiringSoon = MetricCatalog.CertificatesExpiringSoon.CreateGauge(factory);
        _certificatesInaccessible = MetricCatalog.CertificatesInaccessible.CreateGauge(factory);
        _certificatesParseErrors = MetricCatalog.CertificatesParseErrors.CreateGauge(factory);
        _certificateStatus = ScrapedFamily.Gauge(factory, MetricCatalog.TlsCertificateStatus);
        _certificateExpiration = ScrapedFamily.Gauge(factory, MetricCatalog.TlsCertificateExpiration);
        _certificateKeySize = ScrapedFamily.Gauge(factory, MetricCatalog.TlsCertificateKeySize);
        _certificateIsCa = ScrapedFamily.Gauge(factory, MetricCatalog.TlsCertificateIsCa);
        _certificateKeyType = ScrapedFamily.Gauge(factory, MetricCatalog.TlsCertificateKeyType);
        _certificateSignature = ScrapedFamily.Gauge(factory, MetricCatalog.TlsCertificateSignatureAlgorithm);
        _certificateInfo = ScrapedFamily.Gauge(factory, MetricCatalog.TlsCertificateInfo);
        _perCertificate =
            [_certificateStatus, _certificateExpiration, _certificateKeySize, _certificateIsCa, _certificateKeyType, _certificateSignature, _certificateInfo];
    }

    private void UpdateCertificates(MetricsSettings settings)
    {
        var now = DateTimeOffset.UtcNow;
        var certificates = _certificateInventory.Read(settings.Certificates);
        int accessible = 0, valid = 0, expired = 0, expiringSoon = 0, parseErrors = 0;
        foreach (var family in _perCertificate)
        {
            family.Begin();
        }
        foreach (var certificate in certificates)
        {
            var server = certificate.Source.Server;
            accessible += certificate.Accessible ? 1 : 0;
            parseErrors += certificate.Accessible && certificate.ParseError ? 1 : 0;
            valid += certificate.IsValid(now) ? 1 : 0;
            expired += certificate.IsExpired(now) ? 1 : 0;
            expiringSoon += certificate.ExpiresSoon(now) ? 1 : 0;
            _certificateStatus.Set(certificate.IsValid(now) ? 1 : 0, server, certificate.Source.Path);
            if (!certificate.Parsed)
            {
                continue;
            }
            _certificateExpiration.Set(certificate.NotAfter.ToUnixTimeSeconds(), server);
            _certificateKeySize.Set(certificate.KeySize, server);
            _certificateIsCa.Set(certificate.IsCa ? 1 : 0, server);
            _certificateKeyType.Set(certificate.KeyType, server);
            _certificateSignature.Set(certificate.SignatureAlgorithm, server);
            _certificateInfo.Set(1, server, certificate.Subject, certificate.Issuer, certificate.SerialNumber,
                CertificateInventory.Date(certificate.NotAfter), CertificateInventory.Date(certificate.NotBefore), certificate.KeyTypeName,
                certificate.SignatureAlgorithmName, certificate.KeySize.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        foreach (var family in _perCertificate)
        {
            family.End();
        }
        _certificatesTotal.Set(certificates.Count);
        _certificatesAccessible.Set(accessible);
        _certificatesValid.Set(valid);
        _certificatesExpired.Set(expired);
        _certificatesExpiringSoon.Set(expiringSoon);
        _certificatesInaccessible.Set(certificates.Count - accessible);
        _certificatesParseErrors.Set(parseErrors);
    }
}
