namespace Agroal.Actors.Pool;

/// <summary>Where a new backend can be opened: on a server, nowhere yet (a failover is running), or nowhere.</summary>
internal enum ServerChoice
{
    Use,
    Wait,
    None,
}
