using System.Text;
using Agroal.Actors.Security.Vault;

namespace Agroal.Actors.Management.Wire;

/// <summary>
/// A management document to and from a frame's payload, in pgagroal 2.x's order: compress, then encrypt, then base64
/// (the transformed payload travels as text); and the reverse when reading. A plain frame carries the JSON itself.
/// </summary>
public static class PayloadCodec
{
    public static bool TryEncode(string json, ManagementCompression compression, ManagementEncryption encryption,
        Func<VaultResult<MasterKey>>? masterKey, out byte[] payload, out string error)
    {
        ArgumentNullException.ThrowIfNull(json);
        payload = [];
        error = "";
        var data = Encoding.UTF8.GetBytes(json);
        if (compression == ManagementCompression.None && encryption == ManagementEncryption.None)
        {
            payload = data;
            return true;
        }
        if (!Enum.IsDefined(compression))
        {
            error = $"unknown compression {(byte)compression}";
            return false;
        }
        data = PayloadCompressor.Compress(compression, data);
        if (encryption != ManagementEncryption.None)
        {
            if (!TryLoadKey(masterKey, out var key, out error) || !PayloadCipher.TrySeal(encryption, key, data, out data, out error))
            {
                return false;
            }
        }
        payload = Encoding.ASCII.GetBytes(Convert.ToBase64String(data));
        return true;
    }

    public static bool TryDecode(ManagementFrame frame, Func<VaultResult<MasterKey>>? masterKey, int maxLength, out string json, out string error)
    {
        json = "";
        error = "";
        var compression = (ManagementCompression)frame.Compression;
        var encryption = (ManagementEncryption)frame.Encryption;
        if (frame.IsPlain)
        {
            json = Encoding.UTF8.GetString(frame.Payload);
            return true;
        }
        if (!Enum.IsDefined(compression))
        {
            error = $"unknown compression {frame.Compression}";
            return false;
        }
        byte[] data;
        try
        {
            data = Convert.FromBase64String(Encoding.ASCII.GetString(frame.Payload));
        }
        catch (FormatException)
        {
            error = "the compressed or encrypted payload is not base64";
            return false;
        }
        if (encryption != ManagementEncryption.None)
        {
            if (!TryLoadKey(masterKey, out var key, out error) || !PayloadCipher.TryOpen(encryption, key, data, out data, out error))
            {
                return false;
            }
        }
        if (!PayloadCompressor.TryDecompress(compression, data, maxLength, out data, out error))
        {
            return false;
        }
        // pgagroal hands the result on as a C string: the text ends at the first NUL.
        var end = Array.IndexOf(data, (byte)0);
        json = Encoding.UTF8.GetString(data, 0, end < 0 ? data.Length : end);
        return true;
    }

    private static bool TryLoadKey(Func<VaultResult<MasterKey>>? masterKey, out MasterKey key, out string error)
    {
        key = null!;
        if (masterKey is null)
        {
            error = "encryption needs the master key, and none is configured here";
            return false;
        }
        var loaded = masterKey();
        if (!loaded.Ok)
        {
            error = $"encryption needs the master key: {loaded.Error}";
            return false;
        }
        key = loaded.Value!;
        error = "";
        return true;
    }
}
