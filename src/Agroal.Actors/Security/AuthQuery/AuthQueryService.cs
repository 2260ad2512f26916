using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using Agroal.Actors.Errors;
using Agroal.Actors.Pool;
using Agroal.Actors.Pool.Backend;
using Agroal.Actors.Protocol;

namespace Agroal.Actors.Security.AuthQuery;

/// <summary>
/// auth_query: looks a client's stored secret up in PostgreSQL as the superuser file's role, one lookup at a time (as
/// pgagroal), with the user name sent as a bound parameter of an extended-protocol query, never spliced into SQL text.
/// As pgagroal documents, the lookup goes through <c>public.pgagroal_get_password(name)</c>, a SECURITY DEFINER function
/// installed in each database, so that role needs no superuser rights; only where that function does not exist does it
/// read <c>pg_shadow</c> directly (which needs a superuser).
/// </summary>
public sealed class AuthQueryService
{
    /// <summary>pgagroal's function (SECURITY DEFINER, EXECUTE granted to the auth_query role).</summary>
    public const string FunctionQuery = "SELECT * FROM public.pgagroal_get_password($1::name)";

    /// <summary>The fallback where the function is missing: readable by superusers only.</summary>
    public const string ShadowQuery = "SELECT passwd FROM pg_catalog.pg_shadow WHERE usename = $1";

    /// <summary>undefined_function and invalid_schema_name: the database has no public.pgagroal_get_password.</summary>
    private const string UndefinedFunction = "42883";
    private const string InvalidSchemaName = "3F000";

    private const int TextTypeOid = 25;
    private const int ResponseLimit = 64 * 1024;

    private readonly BackendConnector _connector;
    private readonly Func<SuperuserCredential?> _superuser;
    private readonly IReadOnlyList<ServerEndpoint> _servers;
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public AuthQueryService(BackendConnector connector, Func<SuperuserCredential?> superuser, IReadOnlyList<ServerEndpoint> servers,
        RecoveredSecretCache secrets)
    {
        _connector = connector;
        _superuser = superuser;
        _servers = servers;
        Secrets = secrets;
    }

    /// <summary>Where successful logins leave their recovered keys for the pool's connector.</summary>
    public RecoveredSecretCache Secrets { get; }

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    public async Task<AuthQueryLookup> LookupAsync(string user, string database, CancellationToken cancellationToken)
    {
        if (_superuser() is not { } superuser)
        {
            return AuthQueryLookup.Failure(PoolerErrors.UnsupportedSecurityModel(user).WithDetail("auth_query needs the superuser file"));
        }
        await _oneAtATime.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var login = new BackendLogin(new PoolKey(superuser.User, database, ""), superuser.Password);
            var opened = await _connector.ConnectAsync(PrimaryServer(), login, Timeout, cancellationToken).ConfigureAwait(false);
            if (opened.Connection is not { } connection)
            {
                return AuthQueryLookup.Failure(opened.Error!);
            }
            try
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                deadline.CancelAfter(Timeout);
                var viaFunction = await RunAsync(connection, FunctionQuery, user, deadline.Token).ConfigureAwait(false);
                if (viaFunction.Error?.SqlState is not (UndefinedFunction or InvalidSchemaName))
                {
                    return viaFunction;
                }
                return await RunAsync(connection, ShadowQuery, user, deadline.Token).ConfigureAwait(false);
            }
            finally
            {
                await connection.CloseAsync(sayGoodbye: true).ConfigureAwait(false);
            }
        }
        finally
        {
            _oneAtATime.Release();
        }
    }

    private ServerEndpoint PrimaryServer()
    {
        for (var i = 0; i < _servers.Count; i++)
        {
            if (_servers[i].PrimaryHint)
            {
                return _servers[i];
            }
        }
        return _servers[0];
    }

    private static async Task<AuthQueryLookup> RunAsync(BackendConnection connection, string query, string user, CancellationToken cancellationToken)
    {
        FrontendMessages.WriteParse(connection.Output, "", query, [TextTypeOid]);
        WriteBind(connection.Output, Encoding.UTF8.GetBytes(user));
        FrontendMessages.WriteExecute(connection.Output, "", 2);
        FrontendMessages.WriteSync(connection.Output);
        await connection.Output.FlushAsync(cancellationToken).ConfigureAwait(false);

        string? value = null;
        PoolerError? error = null;
        while (true)
        {
            var read = await PipeMessageReader.ReadAsync(connection.Input, ResponseLimit, cancellationToken).ConfigureAwait(false);
            if (read.Outcome != PipeMessageReader.Outcome.Message)
            {
                return AuthQueryLookup.Failure(PoolerErrors.BackendLost.WithDetail("auth_query: " + (read.Error ?? "connection closed")));
            }
            switch (read.Message.Tag)
            {
                case BackendTag.DataRow:
                    value ??= FirstColumn(read.Message.Payload);
                    break;
                case BackendTag.ErrorResponse:
                {
                    var fields = ErrorResponseReader.Parse(new ReadOnlySequence<byte>(read.Message.Payload));
                    error = PoolerErrors.ServerLoginFailed(fields.SqlState, $"auth_query failed ({(ReferenceEquals(query, FunctionQuery) ? "public.pgagroal_get_password" : "pg_shadow")}): {fields.Message}");
                    break;
                }
                case BackendTag.ReadyForQuery:
                    return error is null ? AuthQueryLookup.Found(StoredSecret.Parse(value)) : AuthQueryLookup.Failure(error);
            }
        }
    }

    /// <summary>Unnamed portal and statement, one text parameter, text results.</summary>
    private static void WriteBind(IBufferWriter<byte> writer, ReadOnlySpan<byte> parameter)
    {
        var wire = WireSpan.Begin(writer, FrontendTag.Bind, 1 + 1 + 2 + 2 + 4 + parameter.Length + 2);
        wire.WriteByte(0);
        wire.WriteByte(0);
        wire.WriteInt16(0);
        wire.WriteInt16(1);
        wire.WriteInt32(parameter.Length);
        wire.WriteBytes(parameter);
        wire.WriteInt16(0);
        wire.Commit(writer);
    }

    private static string? FirstColumn(byte[] payload)
    {
        if (payload.Length < 6 || BinaryPrimitives.ReadInt16BigEndian(payload) < 1)
        {
            return null;
        }
        var length = BinaryPrimitives.ReadInt32BigEndian(payload.AsSpan(2));
        return length < 0 || 6 + length > payload.Length ? null : Encoding.UTF8.GetString(payload, 6, length);
    }
}
