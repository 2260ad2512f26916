namespace Agroal.Actors.Management.Wire;

/// <summary>The frame's first byte: how the payload is compressed (pgagroal's MANAGEMENT_COMPRESSION_*).</summary>
public enum ManagementCompression : byte
{
    None = 0,
    Gzip = 1,
    Zstd = 2,
    Lz4 = 3,
    Bzip2 = 4,
}
