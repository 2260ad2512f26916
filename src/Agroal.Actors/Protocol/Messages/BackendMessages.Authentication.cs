using System.Buffers;

namespace Agroal.Actors.Protocol;

/// <summary>Authentication requests ('R'), the pooler acting as the server.</summary>
public static partial class BackendMessages
{
    public static void WriteAuthenticationOk(IBufferWriter<byte> writer) => WriteAuthentication(writer, AuthenticationCode.Ok, default);

    public static void WriteAuthenticationCleartextPassword(IBufferWriter<byte> writer) =>
        WriteAuthentication(writer, AuthenticationCode.CleartextPassword, default);

    public static void WriteAuthenticationMd5Password(IBufferWriter<byte> writer, ReadOnlySpan<byte> salt)
    {
        if (salt.Length != 4)
        {
            throw new ArgumentException("an MD5 salt is 4 bytes", nameof(salt));
        }

        WriteAuthentication(writer, AuthenticationCode.Md5Password, salt);
    }

    public static void WriteAuthenticationSasl(IBufferWriter<byte> writer, params IReadOnlyList<string> mechanisms)
    {
        var bodyLength = 4 + 1;
        for (var i = 0; i < mechanisms.Count; i++)
        {
            bodyLength += WireSpan.CStringSize(mechanisms[i]);
        }

        var wire = WireSpan.Begin(writer, BackendTag.Authentication, bodyLength);
        wire.WriteInt32((int)AuthenticationCode.Sasl);
        for (var i = 0; i < mechanisms.Count; i++)
        {
            wire.WriteCString(mechanisms[i]);
        }

        wire.WriteByte(0);
        wire.Commit(writer);
    }

    public static void WriteAuthenticationSaslContinue(IBufferWriter<byte> writer, ReadOnlySpan<byte> data) =>
        WriteAuthentication(writer, AuthenticationCode.SaslContinue, data);

    public static void WriteAuthenticationSaslFinal(IBufferWriter<byte> writer, ReadOnlySpan<byte> data) =>
        WriteAuthentication(writer, AuthenticationCode.SaslFinal, data);

    private static void WriteAuthentication(IBufferWriter<byte> writer, AuthenticationCode code, ReadOnlySpan<byte> data)
    {
        var wire = WireSpan.Begin(writer, BackendTag.Authentication, 4 + data.Length);
        wire.WriteInt32((int)code);
        wire.WriteBytes(data);
        wire.Commit(writer);
    }
}
