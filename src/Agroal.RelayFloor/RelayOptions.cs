namespace Agroal.RelayFloor;

internal enum RelayEngine
{
    Dotnet,
    Epoll,
}

internal sealed record RelayOptions(int ListenPort, int PostgresPort, RelayEngine Engine, int LoopThreads)
{
    public const string Usage =
        "usage: agroal-relay-floor --listen-port P --pg-port P [--engine dotnet|epoll] [--threads N]\n" +
        "  relays every connection accepted on 127.0.0.1:<listen-port> to PostgreSQL at 127.0.0.1:<pg-port>\n" +
        "  --threads applies to the epoll engine only (default 1)";

    /// <summary>Returns null and writes the reason to <paramref name="error"/> when the arguments do not make sense.</summary>
    public static RelayOptions? Parse(string[] args, out string? error)
    {
        int? listenPort = null;
        int? postgresPort = null;
        var engine = RelayEngine.Dotnet;
        var loopThreads = 1;
        error = null;
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (name is "-h" or "--help")
            {
                return null;
            }
            if (i + 1 >= args.Length)
            {
                error = $"{name} needs a value";
                return null;
            }
            var value = args[++i];
            switch (name)
            {
                case "--listen-port":
                    listenPort = ParsePort(name, value, ref error);
                    break;
                case "--pg-port":
                    postgresPort = ParsePort(name, value, ref error);
                    break;
                case "--engine":
                    if (value == "dotnet")
                    {
                        engine = RelayEngine.Dotnet;
                    }
                    else if (value == "epoll")
                    {
                        engine = RelayEngine.Epoll;
                    }
                    else
                    {
                        error = $"--engine must be dotnet or epoll, not '{value}'";
                    }
                    break;
                case "--threads":
                    if (!int.TryParse(value, out loopThreads) || loopThreads < 1 || loopThreads > 64)
                    {
                        error = $"--threads must be 1..64, not '{value}'";
                    }
                    break;
                default:
                    error = $"unknown option {name}";
                    break;
            }
            if (error is not null)
            {
                return null;
            }
        }
        if (listenPort is null || postgresPort is null)
        {
            error = "--listen-port and --pg-port are required";
            return null;
        }
        return new RelayOptions(listenPort.Value, postgresPort.Value, engine, loopThreads);
    }

    private static int? ParsePort(string name, string value, ref string? error)
    {
        if (int.TryParse(value, out var port) && port is > 0 and < 65536)
        {
            return port;
        }
        error = $"{name} must be a TCP port, not '{value}'";
        return null;
    }
}
