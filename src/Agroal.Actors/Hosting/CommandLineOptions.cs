namespace Agroal.Actors.Hosting;

/// <summary>What the <c>agroal</c> command line asked for. Paths are as given (null when absent).</summary>
public sealed record CommandLineOptions
{
    public string? ConfigPath { get; init; }
    public string? HbaPath { get; init; }
    public string? LimitPath { get; init; }
    public string? UsersPath { get; init; }
    public string? FrontendUsersPath { get; init; }
    public string? AdminsPath { get; init; }
    public string? SuperuserPath { get; init; }
    public string? ConfigDirectory { get; init; }
    /// <summary>--hocon: a HOCON file over the runtime's defaults; wins over the hocon_file key.</summary>
    public string? HoconPath { get; init; }
    public bool PrintHocon { get; init; }
    public bool Daemon { get; init; }
    public bool AllowRoot { get; init; }
    public bool ShowVersion { get; init; }
    public bool ShowHelp { get; init; }
}
