using System.Text;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Clients;

/// <summary>
/// The client startup parameters that reach the backend (pgagroal drops them; we do not). Backends start with the
/// server's defaults and, in the session pipeline, the application_name of the client they were opened for; a backend
/// whose values differ from the client's is brought in line with one set_config round trip on attach. When the
/// client leaves, the reset query takes the backend back to its login values and, in the same round trip, the
/// leaving client's application_name is set again if the backend logged in under another, so that the next client
/// of the same application needs no alignment.
/// </summary>
public static class SessionParameters
{
    /// <summary>Parameters carried to the backend. <c>options</c> is not here: it cannot change after login and is part of the pool key.</summary>
    private static readonly string[] TrackedNames =
    [
        "application_name", "client_encoding", "DateStyle", "TimeZone", "IntervalStyle", "search_path", "extra_float_digits",
    ];

    /// <summary>Indexed loops, not <c>foreach</c>: over an interface that makes an enumerator per startup parameter.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> FromStartup(StartupPacket startup)
    {
        var result = new List<KeyValuePair<string, string>>(4);
        var parameters = startup.Parameters;
        for (var i = 0; i < parameters.Count; i++)
        {
            var pair = parameters[i];
            var name = CanonicalName(pair.Key);
            if (name is not null)
            {
                result.Add(new KeyValuePair<string, string>(name, pair.Value));
            }
        }
        return result;
    }

    /// <summary>
    /// The values a session-pipeline backend is aligned to: the client's, and an empty application_name when the
    /// client sent none (what a direct connection would show), since the backend may have been opened with another
    /// client's name.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ForAlignment(IReadOnlyList<KeyValuePair<string, string>> clientParameters)
    {
        foreach (var pair in clientParameters)
        {
            if (pair.Key == "application_name")
            {
                return clientParameters;
            }
        }
        var withName = new List<KeyValuePair<string, string>>(clientParameters.Count + 1);
        withName.AddRange(clientParameters);
        withName.Add(new KeyValuePair<string, string>("application_name", ""));
        return withName;
    }

    /// <summary>The tracked parameter's canonical spelling, or null when it is not tracked.</summary>
    public static string? CanonicalName(string name) => IndexOfName(TrackedNames, name) is var index and >= 0 ? TrackedNames[index] : null;

    /// <summary>The place of <paramref name="name"/> among <paramref name="names"/> (GUC names ignore case), or -1.</summary>
    internal static int IndexOfName(string[] names, string name)
    {
        for (var i = 0; i < names.Length; i++)
        {
            if (string.Equals(names[i], name, StringComparison.OrdinalIgnoreCase))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The query that makes <paramref name="backend"/>'s session match the client's parameters, or null when it
    /// already does.
    /// </summary>
    public static string? BuildAlignmentQuery(IReadOnlyList<KeyValuePair<string, string>> clientParameters, BackendConnection backend)
    {
        StringBuilder? query = null;
        foreach (var pair in clientParameters)
        {
            if (!string.Equals(backend.EffectiveSetting(pair.Key), pair.Value, StringComparison.Ordinal))
            {
                Append(ref query, pair.Key, pair.Value);
            }
        }
        return query?.ToString();
    }

    /// <summary>The application_name entry of parameters made by <see cref="ForAlignment"/>, which always has one.</summary>
    public static KeyValuePair<string, string> ApplicationNameOf(IReadOnlyList<KeyValuePair<string, string>> aligned)
    {
        for (var i = 0; i < aligned.Count; i++)
        {
            if (aligned[i].Key == "application_name")
            {
                return aligned[i];
            }
        }
        return new KeyValuePair<string, string>("application_name", "");
    }

    /// <summary>The query that sets <paramref name="parameter"/>, whatever the backend has now.</summary>
    public static string BuildSetQuery(KeyValuePair<string, string> parameter)
    {
        StringBuilder? query = null;
        Append(ref query, parameter.Key, parameter.Value);
        return query!.ToString();
    }

    /// <summary>Records what the alignment query set, once the backend accepted it.</summary>
    public static void RecordApplied(IReadOnlyList<KeyValuePair<string, string>> clientParameters, BackendConnection backend)
    {
        foreach (var pair in clientParameters)
        {
            backend.AppliedSettings[pair.Key] = pair.Value;
        }
        backend.ForgetAlignment();
    }

    private static void Append(ref StringBuilder? query, string name, string value)
    {
        query = query is null ? new StringBuilder("SELECT ") : query.Append(", ");
        query.Append("pg_catalog.set_config(").Append(QuoteLiteral(name)).Append(", ").Append(QuoteLiteral(value)).Append(", false)");
    }

    /// <summary>An SQL string literal; backslashes are plain characters under standard_conforming_strings, which E'' avoids relying on.</summary>
    public static string QuoteLiteral(string value)
    {
        var builder = new StringBuilder(value.Length + 4);
        builder.Append("E'");
        foreach (var c in value)
        {
            if (c is '\'' or '\\')
            {
                builder.Append(c);
            }
            builder.Append(c);
        }
        return builder.Append('\'').ToString();
    }
}
