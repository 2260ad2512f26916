namespace Agroal.Actors.Security.Vault;

internal enum EntryOpenStatus
{
    Opened,

    /// <summary>The blob is shorter than its fixed parts (or not whole cipher blocks).</summary>
    Truncated,

    /// <summary>The tag (GCM) or padding (CBC) did not verify: wrong master key or a changed byte.</summary>
    AuthenticationFailed,
}
