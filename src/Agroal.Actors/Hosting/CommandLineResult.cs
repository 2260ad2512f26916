namespace Agroal.Actors.Hosting;

/// <summary>Either parsed options or a usage error (print it with the usage text, exit with <see cref="ExitCode"/>).</summary>
public sealed record CommandLineResult
{
    private CommandLineResult(CommandLineOptions? options, string? error)
    {
        Options = options;
        Error = error;
    }

    public CommandLineOptions? Options { get; }
    public string? Error { get; }
    public bool IsSuccess => Options is not null;
    public int ExitCode => IsSuccess ? 0 : 1;

    public static CommandLineResult Success(CommandLineOptions options) => new(options, null);

    public static CommandLineResult UsageError(string error) => new(null, error);
}
