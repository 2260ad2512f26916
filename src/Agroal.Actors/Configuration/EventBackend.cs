namespace Agroal.Actors.Configuration;

/// <summary>
/// The socket engine named by <c>ev_backend</c>. auto and epoll run client and backend sockets on agroal's own epoll
/// loops (Linux on x86-64 or arm64); dotnet, this project's value, keeps them on .NET's socket engine, which is also
/// what auto means on other platforms. io_uring and kqueue are refused.
/// </summary>
public enum EventBackend
{
    Auto,
    IoUring,
    Epoll,
    Kqueue,
    Dotnet,
}
