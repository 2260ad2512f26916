using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Agroal.Actors.Security.Tls;

/// <summary>
/// A socket connection seen through TLS: its transport is the plaintext side of the <see cref="TlsDuplexPipe"/>.
/// Lets a TLS backend live in the pool exactly like a plaintext one.
/// </summary>
public sealed class SecureConnectionContext : ConnectionContext
{
    private readonly ConnectionContext _inner;
    private readonly TlsDuplexPipe _tls;

    public SecureConnectionContext(ConnectionContext inner, TlsDuplexPipe tls)
    {
        _inner = inner;
        _tls = tls;
    }

    public override string ConnectionId
    {
        get => _inner.ConnectionId;
        set => _inner.ConnectionId = value;
    }

    public override IFeatureCollection Features => _inner.Features;

    public override IDictionary<object, object?> Items
    {
        get => _inner.Items;
        set => _inner.Items = value;
    }

    public override IDuplexPipe Transport
    {
        get => _tls;
        set => throw new NotSupportedException("the transport of a TLS connection is fixed");
    }

    /// <summary>The socket's: a TLS backend closed by its server is noticed as soon as a plaintext one.</summary>
    public override CancellationToken ConnectionClosed
    {
        get => _inner.ConnectionClosed;
        set => _inner.ConnectionClosed = value;
    }

    public override void Abort() => _inner.Abort();

    public override void Abort(ConnectionAbortedException abortReason) => _inner.Abort(abortReason);

    public override async ValueTask DisposeAsync()
    {
        await _tls.DisposeAsync().ConfigureAwait(false);
        await _inner.DisposeAsync().ConfigureAwait(false);
    }
}
