using Agroal.Actors.Clients;
using Agroal.Actors.Runtime;
using Akka.Actor;

namespace Agroal.Actors.Maintenance;

/// <summary>
/// disconnect_client: every min(300, max(n/2, 1)) s, as pgagroal, tells /clients to end the sessions idle for n
/// seconds (with disconnect_client_force also those in the middle of a request).
/// </summary>
public sealed class ClientReaperActor : UntypedActor, IWithTimers
{
    private const string TimerKey = "disconnect-client";
    private readonly IActorRef _clients;
    private TimeSpan _idle;
    private bool _force;

    public ClientReaperActor(IActorRef clients, TimeSpan idle, bool force)
    {
        _clients = clients;
        _idle = idle;
        _force = force;
    }

    public static TimeSpan Period(TimeSpan idle)
    {
        var half = idle / 2;
        if (half < TimeSpan.FromSeconds(1))
        {
            return TimeSpan.FromSeconds(1);
        }
        return half > TimeSpan.FromSeconds(300) ? TimeSpan.FromSeconds(300) : half;
    }

    /// <summary>Keyed timers; set by Akka before the actor starts.</summary>
    public ITimerScheduler Timers { get; set; } = null!;

    protected override void PreStart() => Arm();

    /// <summary>disconnect_client 0 leaves the actor idle until a reload sets it again.</summary>
    private void Arm()
    {
        if (_idle > TimeSpan.Zero)
        {
            Timers.StartPeriodicTimer(TimerKey, Tick.Instance, Period(_idle));
        }
        else
        {
            Timers.Cancel(TimerKey);
        }
    }

    protected override void OnReceive(object message)
    {
        if (message is Reconfigure reconfigure)
        {
            _idle = reconfigure.Idle;
            _force = reconfigure.Force;
            Arm();
            return;
        }
        if (message is not Tick)
        {
            Unhandled(message);
            return;
        }
        var clock = Context.System.TimeProvider;
        var idleSince = clock.GetTimestamp() - (long)(_idle.TotalSeconds * clock.TimestampFrequency);
        _clients.Tell(new ClientProtocol.DisconnectIdle(idleSince, _force), Self);
    }

    /// <summary>A reload changed disconnect_client or disconnect_client_force.</summary>
    public sealed record Reconfigure(TimeSpan Idle, bool Force);

    private sealed class Tick
    {
        public static readonly Tick Instance = new();
    }
}
