using System.Net;
using Agroal.Actors.Runtime;
using Akka.Actor;
using Akka.IO;

namespace Agroal.Benchmarks.Relay;

/// <summary>The same relay on Akka.IO: a bound listener actor and, per client, an actor that owns both TCP connections.</summary>
internal sealed class AkkaIoRelay : IAsyncDisposable
{
    private readonly ActorSystem _system;

    private AkkaIoRelay(ActorSystem system, IPEndPoint endPoint)
    {
        _system = system;
        EndPoint = endPoint;
    }

    public IPEndPoint EndPoint { get; }

    public static async Task<AkkaIoRelay> StartAsync(IPEndPoint server)
    {
        var system = ActorSystem.Create("akka-io-relay", RuntimeHocon.Load(null));
        var listener = system.ActorOf(ActorProps.Of(() => new ListenerActor(server)), "listener");
        var bound = await listener.Ask<Tcp.Bound>(ListenerActor.Start, TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        return new AkkaIoRelay(system, (IPEndPoint)bound.LocalAddress);
    }

    public async ValueTask DisposeAsync() => await _system.Terminate().ConfigureAwait(false);

    private sealed class ListenerActor(IPEndPoint server) : UntypedActor
    {
        public static readonly object Start = new();

        private IActorRef _starter = ActorRefs.Nobody;

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case var start when ReferenceEquals(start, Start):
                    _starter = Sender;
                    Context.System.Tcp().Tell(new Tcp.Bind(Self, new IPEndPoint(IPAddress.Loopback, 0), backlog: 512));
                    break;
                case Tcp.Bound bound:
                    _starter.Tell(bound);
                    break;
                case Tcp.Connected:
                    var client = Sender;
                    var relay = Context.ActorOf(ActorProps.Of(() => new ConnectionRelayActor(client, server)));
                    client.Tell(new Tcp.Register(relay));
                    break;
            }
        }
    }

    private sealed class ConnectionRelayActor(IActorRef client, IPEndPoint server) : UntypedActor
    {
        private IActorRef? _server;
        private readonly List<ByteString> _early = [];

        protected override void PreStart() => Context.System.Tcp().Tell(new Tcp.Connect(server));

        protected override void OnReceive(object message)
        {
            switch (message)
            {
                case Tcp.Connected:
                    _server = Sender;
                    _server.Tell(new Tcp.Register(Self));
                    foreach (var data in _early)
                    {
                        _server.Tell(Tcp.Write.Create(data));
                    }
                    _early.Clear();
                    break;
                case Tcp.Received received when ReferenceEquals(Sender, client) || Sender.Equals(client):
                    if (_server is null)
                    {
                        _early.Add(received.Data);
                    }
                    else
                    {
                        _server.Tell(Tcp.Write.Create(received.Data));
                    }
                    break;
                case Tcp.Received received:
                    client.Tell(Tcp.Write.Create(received.Data));
                    break;
                case Tcp.ConnectionClosed:
                    Context.Stop(Self);
                    break;
            }
        }

        protected override void PostStop()
        {
            client.Tell(Tcp.Close.Instance);
            _server?.Tell(Tcp.Close.Instance);
        }
    }
}
