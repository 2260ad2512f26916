namespace Agroal.Actors.Protocol;

/// <summary>Parses the attribute lists of SCRAM messages (RFC 5802 section 7).</summary>
internal static class ScramAttributes
{
    /// <summary>client-first-message-bare = [reserved-mext ","] username "," nonce ["," extensions].</summary>
    public static bool TryReadClientFirstBare(ReadOnlySpan<char> bare, out ReadOnlySpan<char> clientNonce, out string? error)
    {
        clientNonce = default;
        error = "malformed SCRAM client-first-message";
        var firstComma = bare.IndexOf(',');
        if (firstComma < 0)
        {
            return false;
        }

        var user = bare[..firstComma];
        var rest = bare[(firstComma + 1)..];
        var secondComma = rest.IndexOf(',');
        var nonce = secondComma < 0 ? rest : rest[..secondComma];
        if (user.StartsWith("m=", StringComparison.Ordinal))
        {
            error = "client requires an unsupported SCRAM extension";
            return false;
        }

        if (!user.StartsWith("n=", StringComparison.Ordinal) || !nonce.StartsWith("r=", StringComparison.Ordinal))
        {
            return false;
        }

        clientNonce = nonce[2..];
        if (!ScramMath.IsValidNonce(clientNonce))
        {
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>
    /// client-final-message = channel-binding "," nonce ["," extensions] "," proof. The parts are slices of
    /// <paramref name="text"/>; <paramref name="withoutProofLength"/> is the length of client-final-message-without-proof.
    /// </summary>
    public static bool TryReadClientFinal(
        ReadOnlySpan<char> text, out ReadOnlySpan<char> channelBinding, out ReadOnlySpan<char> nonce, out int withoutProofLength,
        out ReadOnlySpan<char> proof)
    {
        channelBinding = default;
        nonce = default;
        proof = default;
        withoutProofLength = text.LastIndexOf(",p=", StringComparison.Ordinal);
        if (withoutProofLength < 0)
        {
            return false;
        }

        var withoutProof = text[..withoutProofLength];
        var firstComma = withoutProof.IndexOf(',');
        if (firstComma < 0)
        {
            return false;
        }

        var binding = withoutProof[..firstComma];
        var rest = withoutProof[(firstComma + 1)..];
        var secondComma = rest.IndexOf(',');
        var nonceAttribute = secondComma < 0 ? rest : rest[..secondComma];
        if (!binding.StartsWith("c=", StringComparison.Ordinal) || !nonceAttribute.StartsWith("r=", StringComparison.Ordinal))
        {
            return false;
        }

        channelBinding = binding[2..];
        nonce = nonceAttribute[2..];
        proof = text[(withoutProofLength + 3)..];
        return true;
    }

    /// <summary>server-first-message = [reserved-mext ","] nonce "," salt "," iteration-count ["," extensions].</summary>
    public static bool TryReadServerFirst(string text, out string nonce, out byte[] salt, out int iterations, out string? error)
    {
        nonce = string.Empty;
        salt = [];
        iterations = 0;
        error = "malformed SCRAM server-first-message";
        var parts = text.Split(',');
        if (parts.Length < 3)
        {
            return false;
        }

        if (parts[0].StartsWith("m=", StringComparison.Ordinal))
        {
            error = "server requires an unsupported SCRAM extension";
            return false;
        }

        if (!parts[0].StartsWith("r=", StringComparison.Ordinal)
            || !parts[1].StartsWith("s=", StringComparison.Ordinal)
            || !parts[2].StartsWith("i=", StringComparison.Ordinal))
        {
            return false;
        }

        nonce = parts[0][2..];
        if (!ScramMath.IsValidNonce(nonce)
            || !ScramMath.TryDecodeBase64(parts[1].AsSpan(2), out salt) || salt.Length == 0
            || !int.TryParse(parts[2].AsSpan(2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out iterations)
            || iterations <= 0)
        {
            return false;
        }

        error = null;
        return true;
    }
}
