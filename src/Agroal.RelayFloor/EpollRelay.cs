using System.Runtime.InteropServices;

namespace Agroal.RelayFloor;

/// <summary>
/// The relay without the .NET socket layer: one acceptor thread hands each client, together with its freshly
/// connected PostgreSQL socket, to one of the edge-triggered epoll loops in turn.
/// </summary>
internal static unsafe class EpollRelay
{
    private const int ListenBacklog = 4096;
    private const int PostgresConnectTimeoutMilliseconds = 5000;

    public static void Start(RelayOptions options)
    {
        if (RuntimeInformation.ProcessArchitecture != Architecture.X64 || !OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException("the epoll engine declares the x86-64 Linux epoll_event layout");
        }
        var loops = new EpollLoop[options.LoopThreads];
        for (var i = 0; i < loops.Length; i++)
        {
            loops[i] = new EpollLoop();
            var thread = new Thread(loops[i].Run) { IsBackground = true, Name = $"relay-epoll-{i}" };
            thread.Start();
        }
        var listenFd = OpenListener(options.ListenPort);
        var acceptor = new Thread(() => AcceptForever(listenFd, options.PostgresPort, loops))
        {
            IsBackground = true,
            Name = "relay-accept",
        };
        acceptor.Start();
    }

    private static int OpenListener(int port)
    {
        var fd = LibC.Socket(LibC.AddressFamilyInet, LibC.SocketStream | LibC.SocketCloseOnExec, 0);
        if (fd < 0)
        {
            throw new InvalidOperationException($"socket: errno {LibC.LastError}");
        }
        var on = 1;
        LibC.SetSocketOption(fd, LibC.SocketLevel, LibC.SocketReuseAddress, &on, sizeof(int));
        var address = LibC.SocketAddressInet.Loopback(port);
        if (LibC.Bind(fd, &address, (uint)sizeof(LibC.SocketAddressInet)) < 0)
        {
            throw new InvalidOperationException($"bind 127.0.0.1:{port}: errno {LibC.LastError}");
        }
        if (LibC.Listen(fd, ListenBacklog) < 0)
        {
            throw new InvalidOperationException($"listen: errno {LibC.LastError}");
        }
        return fd;
    }

    /// <summary>
    /// The listening socket stays blocking: a thread of its own parked in accept4 costs nothing between connections,
    /// and it keeps connection setup (including the blocking wait for PostgreSQL's accept) out of the relay loops.
    /// </summary>
    private static void AcceptForever(int listenFd, int postgresPort, EpollLoop[] loops)
    {
        var nextLoop = 0;
        while (true)
        {
            var clientFd = LibC.Accept(listenFd, null, null, LibC.SocketNonBlocking | LibC.SocketCloseOnExec);
            if (clientFd < 0)
            {
                var error = LibC.LastError;
                if (error != LibC.ErrorInterrupted)
                {
                    Console.Error.WriteLine($"accept4: errno {error}");
                }
                continue;
            }
            var serverFd = ConnectToPostgres(postgresPort);
            if (serverFd < 0)
            {
                LibC.Close(clientFd);
                continue;
            }
            LibC.SetNoDelay(clientFd);
            LibC.SetNoDelay(serverFd);
            loops[nextLoop].Adopt(clientFd, serverFd);
            nextLoop = (nextLoop + 1) % loops.Length;
        }
    }

    /// <summary>
    /// Connects without blocking and then waits in poll, so the socket is non-blocking from birth and no variadic
    /// fcntl call is needed to switch it over.
    /// </summary>
    private static int ConnectToPostgres(int port)
    {
        var fd = LibC.Socket(LibC.AddressFamilyInet, LibC.SocketStream | LibC.SocketNonBlocking | LibC.SocketCloseOnExec, 0);
        if (fd < 0)
        {
            Console.Error.WriteLine($"socket: errno {LibC.LastError}");
            return -1;
        }
        var address = LibC.SocketAddressInet.Loopback(port);
        if (LibC.Connect(fd, &address, (uint)sizeof(LibC.SocketAddressInet)) == 0)
        {
            return fd;
        }
        var error = LibC.LastError;
        if (error == LibC.ErrorInProgress)
        {
            var descriptor = new LibC.PollDescriptor { Fd = fd, Events = LibC.PollOut };
            int ready;
            do
            {
                ready = LibC.Poll(&descriptor, 1, PostgresConnectTimeoutMilliseconds);
            }
            while (ready < 0 && LibC.LastError == LibC.ErrorInterrupted);
            if (ready == 1)
            {
                var length = (uint)sizeof(int);
                var socketError = 0;
                LibC.GetSocketOption(fd, LibC.SocketLevel, LibC.SocketError, &socketError, &length);
                if (socketError == 0)
                {
                    return fd;
                }
                error = socketError;
            }
            else
            {
                error = ready == 0 ? LibC.ErrorInProgress : LibC.LastError;
            }
        }
        Console.Error.WriteLine($"connect to PostgreSQL 127.0.0.1:{port}: errno {error}");
        LibC.Close(fd);
        return -1;
    }
}
