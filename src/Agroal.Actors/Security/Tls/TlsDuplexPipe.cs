using System.Buffers;
using System.IO.Pipelines;
using System.Net.Security;

namespace Agroal.Actors.Security.Tls;

/// <summary>
/// The pipes a session reads and writes once TLS is up: plaintext on this side, records through the
/// <see cref="SslStream"/> to the socket. Buffers come from the shared pool and are returned when idle.
/// </summary>
public sealed class TlsDuplexPipe : IDuplexPipe, IAsyncDisposable
{
    private const int MinimumReadSize = 16 * 1024;
    private int _disposed;

    internal TlsDuplexPipe(SslStream stream)
    {
        Stream = stream;
        Input = PipeReader.Create(stream, new StreamPipeReaderOptions(MemoryPool<byte>.Shared, bufferSize: MinimumReadSize, minimumReadSize: 1024, leaveOpen: true));
        Output = PipeWriter.Create(stream, new StreamPipeWriterOptions(MemoryPool<byte>.Shared, leaveOpen: true));
    }

    public SslStream Stream { get; }

    public PipeReader Input { get; }

    public PipeWriter Output { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        try
        {
            await Input.CompleteAsync().ConfigureAwait(false);
            await Output.CompleteAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            // The peer is gone; all that is left is releasing the stream.
        }
        await Stream.DisposeAsync().ConfigureAwait(false);
    }
}
