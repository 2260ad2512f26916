namespace Agroal.Actors.Security.Tls;

/// <summary>A TLS file named by the configuration cannot be used; the pooler refuses to start (or to reload) with it.</summary>
public sealed class TlsSetupException(string message) : Exception(message);
