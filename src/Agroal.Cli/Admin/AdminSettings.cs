using Agroal.Cli.Hosting;

namespace Agroal.Cli.Admin;

/// <summary>The <c>admin</c> options of one invocation, after parsing.</summary>
internal sealed record AdminSettings(
    string UsersFile,
    string? User,
    string? Password,
    bool Generate,
    int? Length,
    OutputFormat Format);
