namespace Agroal.Actors.Configuration;

/// <summary>The I/O backend named by <c>ev_backend</c>; kept for file compatibility, .NET picks its own.</summary>
public enum EventBackend
{
    Auto,
    IoUring,
    Epoll,
    Kqueue,
}
