namespace Agroal.Actors.Configuration.Parsing;

/// <summary>The column grammars of pgagroal_hba.conf, shared by the file parser and <c>conf set hba.*</c>.</summary>
internal static class HbaFields
{
    public static bool TryParseType(string text, out HbaConnectionType type, out string error)
    {
        error = "";
        switch (text.ToLowerInvariant())
        {
            case "host":
                type = HbaConnectionType.Host;
                return true;
            case "hostssl":
                type = HbaConnectionType.HostSsl;
                return true;
            default:
                type = default;
                error = $"type \"{text}\" is not host or hostssl";
                return false;
        }
    }

    public static bool TryParseMethod(string text, out HbaMethod method, out string error)
    {
        error = "";
        switch (text.ToLowerInvariant())
        {
            case "trust":
                method = HbaMethod.Trust;
                return true;
            case "reject":
                method = HbaMethod.Reject;
                return true;
            case "password":
                method = HbaMethod.Password;
                return true;
            case "md5":
                method = HbaMethod.Md5;
                return true;
            case "scram-sha-256":
                method = HbaMethod.ScramSha256;
                return true;
            case "all":
                method = HbaMethod.All;
                return true;
            default:
                method = default;
                error = $"method \"{text}\" is not trust, reject, password, md5, scram-sha-256 or all";
                return false;
        }
    }

    public static string FormatType(HbaConnectionType type) => type == HbaConnectionType.HostSsl ? "hostssl" : "host";

    public static string FormatMethod(HbaMethod method) => method switch
    {
        HbaMethod.Trust => "trust",
        HbaMethod.Reject => "reject",
        HbaMethod.Password => "password",
        HbaMethod.Md5 => "md5",
        HbaMethod.ScramSha256 => "scram-sha-256",
        _ => "all",
    };

    /// <summary>Database and user names: anything without whitespace or a comment character.</summary>
    public static bool TryValidateName(string text, string column, out string error)
    {
        error = "";
        if (text.Length == 0 || text.AsSpan().IndexOfAny(" \t#;") >= 0)
        {
            error = $"{column} \"{text}\" is not a valid name";
            return false;
        }

        return true;
    }
}
