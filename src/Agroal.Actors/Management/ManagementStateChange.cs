namespace Agroal.Actors.Management;

/// <summary>
/// What a finished command changes in the management actor's own state. Commands run asynchronously, off the
/// actor's turn, so they return the change and the actor applies it when the command's result comes back.
/// </summary>
/// <param name="Database">A database enabled or disabled (<see cref="ManagementActor.AllDatabases"/> for all), or null.</param>
/// <param name="GracefulRequested">Whether a graceful shutdown is now asked for, or null when unchanged.</param>
internal sealed record ManagementStateChange(string? Database = null, bool Enabled = false, bool? GracefulRequested = null);
