using System.Collections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// An epoll connection's features: the six it implements itself are answered by a type test, and only features others
/// add get a dictionary. A <see cref="FeatureCollection"/> filled with those six cost every login a dictionary, its
/// growth and six inserts.
/// </summary>
internal sealed class EpollConnectionFeatures(EpollConnection connection) : IFeatureCollection
{
    private FeatureCollection? _added;

    public bool IsReadOnly => false;

    public int Revision => _added?.Revision ?? 0;

    public object? this[Type key]
    {
        // One set by someone else replaces the connection's own.
        get => _added?[key] ?? (IsOwn(key) ? connection : null);
        set => (_added ??= new FeatureCollection())[key] = value;
    }

    public TFeature? Get<TFeature>() => (TFeature?)this[typeof(TFeature)];

    public void Set<TFeature>(TFeature? instance) => this[typeof(TFeature)] = instance;

    public IEnumerator<KeyValuePair<Type, object>> GetEnumerator()
    {
        foreach (var type in OwnTypes)
        {
            if (_added?[type] is null)
            {
                yield return new KeyValuePair<Type, object>(type, connection);
            }
        }
        if (_added is not null)
        {
            foreach (var pair in _added)
            {
                yield return pair;
            }
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static readonly Type[] OwnTypes =
    [
        typeof(IConnectionSocketFeature), typeof(IConnectionIdFeature), typeof(IConnectionTransportFeature),
        typeof(IConnectionItemsFeature), typeof(IConnectionLifetimeFeature), typeof(IConnectionEndPointFeature),
    ];

    private static bool IsOwn(Type type) =>
        type == typeof(IConnectionSocketFeature) || type == typeof(IConnectionIdFeature) || type == typeof(IConnectionTransportFeature)
        || type == typeof(IConnectionItemsFeature) || type == typeof(IConnectionLifetimeFeature) || type == typeof(IConnectionEndPointFeature);
}
