using Agroal.Actors.Protocol;
using BenchmarkDotNet.Attributes;

namespace Agroal.Benchmarks.Protocol;

/// <summary>
/// A client login as the pooler sees it: the user's secret is cached, so the server side is HMACs only.
/// The client side here also runs from cached keys; a password-built client would add one PBKDF2.
/// </summary>
[MemoryDiagnoser]
public class ScramBenchmarks
{
    private ScramSecret _secret = null!;
    private byte[] _clientKey = [];

    [GlobalSetup]
    public void Setup()
    {
        var salt = new byte[16];
        _secret = ScramSecret.FromPassword("benchmark-password", salt, 4096);
        var client = new ScramClientSession("benchmark-password");
        var server = new ScramServerSession(_secret);
        var first = server.HandleClientFirst(ScramServerSession.Mechanism, client.CreateClientFirst());
        client.HandleServerFirst(first.Message);
        _clientKey = client.ClientKey!;
    }

    [Benchmark]
    public bool Server_exchange_with_cached_secret()
    {
        var server = new ScramServerSession(_secret);
        var client = new ScramClientSession(_clientKey, _secret.ServerKey);
        var serverFirst = server.HandleClientFirst(ScramServerSession.Mechanism, client.CreateClientFirst());
        var clientFinal = client.HandleServerFirst(serverFirst.Message);
        var serverFinal = server.HandleClientFinal(clientFinal.Message);
        return client.VerifyServerFinal(serverFinal.Message);
    }

    [Benchmark]
    public ScramSecret Derive_secret_pbkdf2_4096() => ScramSecret.FromPassword("benchmark-password", _secret.Salt, 4096);
}
