using System.Net;
using Agroal.Actors.Clients;
using Agroal.Actors.Configuration;
using Agroal.Actors.Hosting;
using Agroal.Actors.Pool;
using Agroal.Actors.Protocol;
using Agroal.Actors.Security.Credentials;
using Microsoft.Extensions.Logging.Abstractions;

namespace Agroal.Benchmarks.Pooler;

/// <summary>
/// The real pooler (<see cref="AgroalServer"/>: Kestrel listener, actors, lanes, the session's relay) in this process,
/// in front of a <see cref="FakePostgresServer"/>, with SCRAM-SHA-256 for its clients as pool-bench's adapter sets it up.
/// </summary>
internal sealed class InProcessPooler : IDisposable
{
    public const string User = "bench";
    public const string Database = "bench";
    private const string Password = "bench-password";

    private readonly FakePostgresServer _backend = new();
    private readonly AgroalServer _server;

    public InProcessPooler(PipelineKind pipeline, int maxConnections)
    {
        var users = new Dictionary<string, string> { [User] = Password };
        var credentials = new CredentialStore(users, new Dictionary<string, string>());
        _server = AgroalServer.StartAsync(new AgroalServerSettings
        {
            Host = "127.0.0.1",
            Port = 0,
            Pool = new PoolOptions
            {
                MaxConnections = maxConnections,
                BlockingTimeout = TimeSpan.FromSeconds(30),
                Servers = [new ServerEndpoint("primary", "127.0.0.1", _backend.EndPoint.Port, PrimaryHint: true)],
                BackendPassword = credentials.BackendPassword,
                ConnectTimeout = TimeSpan.FromSeconds(5),
                TransactionMode = pipeline == PipelineKind.Transaction,
            },
            Clients = new ClientSessionOptions { Pipeline = pipeline, AllowUnknownUsers = false },
            Access = new AllowAllPolicy(HbaMethod.ScramSha256),
            Credentials = credentials,
        }, NullLoggerFactory.Instance).GetAwaiter().GetResult();
        EndPoint = new IPEndPoint(IPAddress.Loopback, _server.Port);
        // One login from the password gives the client keys every later login reuses (the pooler caches its side).
        using var first = new BlockingPgClient(EndPoint);
        var scram = new ScramClientSession(Password);
        first.Login(User, Database, scram);
        first.Terminate();
        ClientKey = scram.ClientKey!;
        ServerKey = scram.ServerKey!;
    }

    public IPEndPoint EndPoint { get; }

    public byte[] ClientKey { get; }

    public byte[] ServerKey { get; }

    /// <summary>A new client socket, logged in.</summary>
    public BlockingPgClient Connect()
    {
        var client = new BlockingPgClient(EndPoint);
        client.Login(User, Database, new ScramClientSession(ClientKey, ServerKey));
        return client;
    }

    public void Dispose()
    {
        _server.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _backend.Dispose();
    }
}
