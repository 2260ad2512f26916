using Akka.Actor;

namespace Agroal.Actors.Runtime;

/// <summary>
/// The pooler's clock (deadlines, ages, idle times) for the actors of one system. Akka's scheduler drives actor
/// timers; this clock is what they compare timestamps against, so tests can move it without sleeping.
/// </summary>
public sealed class DomainClock(TimeProvider time) : IExtension
{
    public TimeProvider Time { get; } = time;

    /// <summary>Registers <paramref name="time"/> as the clock of <paramref name="system"/>; call before the first actor reads it.</summary>
    public static void Register(ActorSystem system, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(system);
        system.RegisterExtension(new DomainClockId(time));
    }

    /// <summary>The registered clock, or the system clock when none was registered.</summary>
    public static TimeProvider Of(ActorSystem system) => system.GetExtension<DomainClock>()?.Time ?? TimeProvider.System;
}
