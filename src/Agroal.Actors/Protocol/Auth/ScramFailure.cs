namespace Agroal.Actors.Protocol;

public enum ScramFailure
{
    None,

    /// <summary>A message that does not follow RFC 5802, or a step out of order.</summary>
    MalformedMessage,

    /// <summary>Channel binding missing, unsupported, mismatched, or a downgrade attempt.</summary>
    ChannelBinding,

    /// <summary>The nonce does not match the exchange.</summary>
    NonceMismatch,

    /// <summary>The proof (client side: the server signature) is wrong: the password does not match.</summary>
    AuthenticationFailed,
}
