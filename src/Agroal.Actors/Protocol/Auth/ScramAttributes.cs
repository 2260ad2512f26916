namespace Agroal.Actors.Protocol;

/// <summary>Parses the attribute lists of SCRAM messages (RFC 5802 section 7).</summary>
internal static class ScramAttributes
{
    public static bool TryReadClientFirstBare(string bare, out string clientNonce, out string? error)
    {
        clientNonce = string.Empty;
        error = "malformed SCRAM client-first-message";
        var parts = bare.Split(',');
        if (parts.Length < 2)
        {
            return false;
        }

        if (parts[0].StartsWith("m=", StringComparison.Ordinal))
        {
            error = "client requires an unsupported SCRAM extension";
            return false;
        }

        if (!parts[0].StartsWith("n=", StringComparison.Ordinal) || !parts[1].StartsWith("r=", StringComparison.Ordinal))
        {
            return false;
        }

        clientNonce = parts[1][2..];
        if (!ScramMath.IsValidNonce(clientNonce))
        {
            return false;
        }

        error = null;
        return true;
    }

    /// <summary>client-final-message = channel-binding "," nonce ["," extensions] "," proof.</summary>
    public static bool TryReadClientFinal(
        string text, out byte[] channelBinding, out string nonce, out string withoutProof, out byte[] proof)
    {
        channelBinding = [];
        nonce = string.Empty;
        withoutProof = string.Empty;
        proof = [];

        var proofStart = text.LastIndexOf(",p=", StringComparison.Ordinal);
        if (proofStart < 0)
        {
            return false;
        }

        withoutProof = text[..proofStart];
        var parts = withoutProof.Split(',');
        if (parts.Length < 2
            || !parts[0].StartsWith("c=", StringComparison.Ordinal)
            || !parts[1].StartsWith("r=", StringComparison.Ordinal))
        {
            return false;
        }

        nonce = parts[1][2..];
        return ScramMath.TryDecodeBase64(parts[0].AsSpan(2), out channelBinding)
            && ScramMath.TryDecodeBase64(text.AsSpan(proofStart + 3), out proof)
            && proof.Length == ScramMath.KeyLength;
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
