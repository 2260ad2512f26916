using System.Security.Cryptography.X509Certificates;

namespace Agroal.Tests.Security.Tls;

public sealed record IssuedCertificate(string CertificateFile, string KeyFile, X509Certificate2 Certificate);
