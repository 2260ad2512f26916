using System.Runtime.InteropServices;

namespace Agroal.Actors.Hosting;

/// <summary>The real registrar. Raw signal numbers (cast to <see cref="PosixSignal"/>) work on Unix.</summary>
public sealed class PosixSignalRegistrar : ISignalRegistrar
{
    public static readonly PosixSignalRegistrar Instance = new();

    public IDisposable Register(PosixSignal signal, Action<PosixSignalContext> handler) =>
        PosixSignalRegistration.Create(signal, handler);
}
