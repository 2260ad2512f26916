using System.Runtime.InteropServices;

namespace Agroal.Actors.Hosting;

/// <summary>Seam over <see cref="PosixSignalRegistration"/> so signal wiring is tested without signals.</summary>
public interface ISignalRegistrar
{
    IDisposable Register(PosixSignal signal, Action<PosixSignalContext> handler);
}
