namespace Agroal.Tests.Integration.Fixtures;

/// <summary>How a throwaway cluster is set up. Defaults fit a 2-core test machine.</summary>
public sealed record PostgresServerOptions
{
    public int MaxConnections { get; init; } = 200;

    /// <summary>postgresql.conf settings added after the defaults (so they win).</summary>
    public IReadOnlyDictionary<string, string> ExtraSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>pg_hba.conf lines placed before the default ones (first match wins).</summary>
    public IReadOnlyList<string> ExtraHbaLines { get; init; } = [];

    /// <summary>Turns on TLS with a CA and server certificate made at start (see <see cref="PostgresServer.CertificateAuthority"/>).</summary>
    public bool Ssl { get; init; }

    /// <summary>Runs <c>pgbench -i -s N</c> on the default database; null skips it.</summary>
    public int? PgbenchScale { get; init; }
}
