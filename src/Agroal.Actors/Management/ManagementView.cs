namespace Agroal.Actors.Management;

/// <summary>The management actor's state as a command sees it: copied on the actor's turn before the command starts.</summary>
internal sealed record ManagementView(IReadOnlyList<string> DisabledDatabases, bool AllDisabled, bool GracefulRequested);
