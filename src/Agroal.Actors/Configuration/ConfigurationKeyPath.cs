namespace Agroal.Actors.Configuration;

/// <summary>
/// A <c>conf get/set</c> key: <c>key</c>, <c>pgagroal.key</c>, <c>server.&lt;name&gt;.key</c>,
/// <c>limit.&lt;db&gt;.key</c> or <c>hba.&lt;user&gt;.key</c>. The owner name may contain dots; the field is after the last one.
/// </summary>
internal readonly record struct ConfigurationKeyPath(ConfigurationKeyScope Scope, string Owner, string Field)
{
    public static bool TryParse(string key, out ConfigurationKeyPath path, out string error)
    {
        error = "";
        path = default;
        var dot = key.IndexOf('.', StringComparison.Ordinal);
        if (dot < 0)
        {
            path = new ConfigurationKeyPath(ConfigurationKeyScope.Main, "", key);
            return key.Length > 0 || Fail(key, out error);
        }

        var prefix = key[..dot];
        var rest = key[(dot + 1)..];
        if (prefix == "pgagroal")
        {
            path = new ConfigurationKeyPath(ConfigurationKeyScope.Main, "", rest);
            return rest.Length > 0 || Fail(key, out error);
        }

        var scope = prefix switch
        {
            "server" => ConfigurationKeyScope.Server,
            "limit" => ConfigurationKeyScope.Limit,
            "hba" => ConfigurationKeyScope.Hba,
            _ => (ConfigurationKeyScope?)null,
        };
        var last = rest.LastIndexOf('.');
        if (scope is null || last <= 0 || last == rest.Length - 1)
        {
            return Fail(key, out error);
        }

        path = new ConfigurationKeyPath(scope.Value, rest[..last], rest[(last + 1)..]);
        return true;
    }

    private static bool Fail(string key, out string error)
    {
        error = $"unknown key \"{key}\"";
        return false;
    }
}
