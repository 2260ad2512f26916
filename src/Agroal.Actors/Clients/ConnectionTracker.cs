using System.Globalization;
using Agroal.Actors.Pool.Backend;
using Microsoft.Extensions.Logging;

namespace Agroal.Actors.Clients;

/// <summary>
/// <c>tracker = on</c>: pgagroal's connection-lifecycle lines at INFO, pipe-separated in pgagroal's field order, for the
/// scripts that read them. A client event: <c>PGAGROAL|id|-1|-3|ms|pid|user|database||-1|primary|-1|-3|-1|-1|active|count|</c>;
/// a backend event: <c>PGAGROAL|id|slot|state|ms|pid|user|database|appname|new|server|tx_mode|has_security|limit_rule|fd|active|count|</c>.
/// a socket event: <c>PGAGROAL|id|ms|pid|fd|</c>. Fields agroal has no counterpart for are -1 (the primary's index,
/// has_security, limit_rule, and the fd on the pool's own slot lines); active and count are the clients holding a session
/// on a session's line, the slots in use on the pool's. Nothing is formatted while the key is off. pgagroal's worker
/// events (18-21) are not written: agroal has no worker processes, and a session's return is line 5 or 6.
/// </summary>
public static partial class ConnectionTracker
{
    public const int ClientStart = 0;
    public const int ClientStop = 1;
    public const int GetConnectionSuccess = 2;
    public const int GetConnectionTimeout = 3;
    public const int GetConnectionError = 4;
    public const int ReturnConnectionSuccess = 5;
    public const int ReturnConnectionKill = 6;
    public const int KillConnection = 7;
    public const int Authenticate = 8;
    public const int BadConnection = 9;
    public const int IdleTimeout = 10;
    public const int MaxConnectionAge = 11;
    public const int InvalidConnection = 12;
    public const int Flush = 13;
    public const int RemoveConnection = 14;
    public const int Prefill = 15;
    public const int PrefillReturn = 16;
    public const int PrefillKill = 17;
    public const int TransactionReturnConnectionStart = 30;
    public const int TransactionReturnConnectionStop = 31;
    public const int TransactionGetConnection = 32;
    public const int TransactionReturnConnection = 33;
    public const int SocketAssociateClient = 100;
    public const int SocketAssociateServer = 101;
    public const int SocketDisassociateClient = 102;
    public const int SocketDisassociateServer = 103;

    /// <summary>pgagroal's slot states as the lines carry them.</summary>
    public const int StateFree = 0;
    public const int StateInUse = 1;
    public const int StateRemove = 7;

    private static readonly int ProcessId = Environment.ProcessId;

    public static void Client(ILogger logger, TimeProvider clock, int eventId, string? user, string? database, int active)
    {
        Log.Line(logger, string.Create(CultureInfo.InvariantCulture,
            $"PGAGROAL|{eventId}|-1|-3|{clock.GetUtcNow().ToUnixTimeMilliseconds()}|{ProcessId}|{user}|{database}||-1|-1|-1|-3|-1|-1|{active}|{active}|"));
    }

    public static void Backend(ILogger logger, TimeProvider clock, int eventId, BackendConnection backend, int state, string applicationName,
        bool isNew, bool transactionMode, int active)
    {
        Log.Line(logger, string.Create(CultureInfo.InvariantCulture,
            $"PGAGROAL|{eventId}|{backend.SlotId}|{state}|{clock.GetUtcNow().ToUnixTimeMilliseconds()}|{ProcessId}|{backend.Key.User}|{backend.Key.Database}|" +
            $"{applicationName}|{(isNew ? 1 : 0)}|-1|{(transactionMode ? 1 : 0)}|-1|-1|{backend.SocketDescriptor}|{active}|{active}|"));
    }

    /// <summary>A socket joined to or parted from a session: the client's (100/102) or its backend's (101/103).</summary>
    public static void Socket(ILogger logger, TimeProvider clock, int eventId, int descriptor)
    {
        Log.Line(logger, string.Create(CultureInfo.InvariantCulture,
            $"PGAGROAL|{eventId}|{clock.GetUtcNow().ToUnixTimeMilliseconds()}|{ProcessId}|{descriptor}|"));
    }

    /// <summary>
    /// A pool-side event on a slot, in the backend line's field order; <paramref name="state"/> is pgagroal's number
    /// (<see cref="PgagroalState"/>), <paramref name="active"/> the slots in use (the pool manager does not see the clients).
    /// </summary>
    public static void Slot(ILogger logger, TimeProvider clock, int eventId, int slotId, int state, string? user, string? database,
        string? applicationName, bool isNew, bool transactionMode, int active)
    {
        Log.Line(logger, string.Create(CultureInfo.InvariantCulture,
            $"PGAGROAL|{eventId}|{slotId}|{state}|{clock.GetUtcNow().ToUnixTimeMilliseconds()}|{ProcessId}|{user}|{database}|" +
            $"{applicationName}|{(isNew ? 1 : 0)}|-1|{(transactionMode ? 1 : 0)}|-1|-1|-1|{active}|{active}|"));
    }

    /// <summary>pgagroal numbers its states from NOTINIT = -2 in the order <see cref="Pool.SlotState"/> declares them.</summary>
    public static int PgagroalState(Pool.SlotState state) => (int)state - 2;

    private static partial class Log
    {
        [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "{Line}")]
        public static partial void Line(ILogger logger, string line);
    }
}
