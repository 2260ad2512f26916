using System.Buffers;

namespace Agroal.Actors.Protocol;

/// <summary>Whole messages built once at start-up and written as they are, with no per-use encoding.</summary>
public static class PregeneratedMessages
{
    private static readonly byte[] DiscardAllBytes = Query("DISCARD ALL;");
    private static readonly byte[] RollbackBytes = Query("ROLLBACK;");
    private static readonly byte[] DeallocateAllBytes = Query("DEALLOCATE ALL;");
    private static readonly byte[] SelectOneBytes = Query("SELECT 1;");
    private static readonly byte[] TerminateBytes = Build(FrontendMessages.WriteTerminate);
    private static readonly byte[] SyncBytes = Build(FrontendMessages.WriteSync);
    private static readonly byte[] FlushBytes = Build(FrontendMessages.WriteFlush);
    private static readonly byte[] ReadyForQueryIdleBytes = Build(static w => BackendMessages.WriteReadyForQuery(w, TransactionStatus.Idle));
    private static readonly byte[] AuthenticationOkBytes = Build(BackendMessages.WriteAuthenticationOk);
    private static readonly byte[] SslRequestBytes = Build(FrontendMessages.WriteSslRequest);
    private static readonly byte[] SslRefusedBytes = [(byte)'N'];
    private static readonly byte[] SslAcceptedBytes = [(byte)'S'];

    public static ReadOnlyMemory<byte> DiscardAll => DiscardAllBytes;

    public static ReadOnlyMemory<byte> Rollback => RollbackBytes;

    public static ReadOnlyMemory<byte> DeallocateAll => DeallocateAllBytes;

    public static ReadOnlyMemory<byte> Terminate => TerminateBytes;

    public static ReadOnlyMemory<byte> Sync => SyncBytes;

    public static ReadOnlyMemory<byte> Flush => FlushBytes;

    /// <summary>Query "SELECT 1;", the validation probe.</summary>
    public static ReadOnlyMemory<byte> SelectOne => SelectOneBytes;

    public static ReadOnlyMemory<byte> ReadyForQueryIdle => ReadyForQueryIdleBytes;

    public static ReadOnlyMemory<byte> AuthenticationOk => AuthenticationOkBytes;

    public static ReadOnlyMemory<byte> SslRequest => SslRequestBytes;

    /// <summary>The single byte answering SSLRequest or GSSENCRequest when encryption is not offered.</summary>
    public static ReadOnlyMemory<byte> SslRefused => SslRefusedBytes;

    /// <summary>The single byte answering SSLRequest before the TLS handshake.</summary>
    public static ReadOnlyMemory<byte> SslAccepted => SslAcceptedBytes;

    /// <summary>A whole Query message, for statements (server_reset_query, validation) built once and cached by the caller.</summary>
    public static byte[] Query(string sql) => Build(sql, static (w, s) => FrontendMessages.WriteQuery(w, s));

    private static byte[] Build(Action<IBufferWriter<byte>> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        write(buffer);
        return buffer.WrittenSpan.ToArray();
    }

    private static byte[] Build(string argument, Action<IBufferWriter<byte>, string> write)
    {
        var buffer = new ArrayBufferWriter<byte>(64);
        write(buffer, argument);
        return buffer.WrittenSpan.ToArray();
    }
}
