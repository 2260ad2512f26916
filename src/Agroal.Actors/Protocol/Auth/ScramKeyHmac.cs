using System.Security.Cryptography;

namespace Agroal.Actors.Protocol;

/// <summary>
/// HMAC-SHA-256 under one fixed key of a <see cref="ScramSecret"/>, keeping the keyed OpenSSL context between logins.
/// The one-shot <see cref="HMACSHA256.HashData(byte[], byte[])"/> fetches the algorithm, makes a context and keys it
/// on every call; inside a login, with cold caches, that was most of the several microseconds libcrypto took per
/// exchange. A kept context is reset with its key still set. One idle context is kept: logins of one user on
/// several loop threads at once make a context each, and the one that finds the slot taken frees its own.
/// </summary>
internal sealed class ScramKeyHmac(byte[] key)
{
    private IncrementalHash? _idle;

    public void Compute(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        var hmac = Interlocked.Exchange(ref _idle, null) ?? IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        hmac.AppendData(data);
        hmac.GetHashAndReset(destination);
        if (Interlocked.CompareExchange(ref _idle, hmac, null) is not null)
        {
            hmac.Dispose();
        }
    }
}
