using System.Globalization;
using Agroal.Actors.Pool;
using Prometheus;

namespace Agroal.Actors.Metrics;

/// <summary>
/// pgagroal_connection and pgagroal_connection_query_count: one series per slot up to max_connections, labelled
/// with what the slot holds now. A slot whose labels changed (another user, another state) loses its old series, so
/// nothing stale is exported. The last child of each slot is kept, so an unchanged slot costs a few string compares.
/// </summary>
internal sealed class SlotFamilies
{
    private readonly Gauge _connection;
    private readonly Counter _queryCount;
    private readonly string[] _ids;
    private readonly SlotSeries[] _slots;

    public SlotFamilies(IMetricFactory factory, int maxConnections)
    {
        _connection = MetricCatalog.Connection.CreateGauge(factory);
        _queryCount = MetricCatalog.ConnectionQueryCount.CreateCounter(factory);
        _ids = new string[maxConnections];
        _slots = new SlotSeries[maxConnections];
        for (var i = 0; i < maxConnections; i++)
        {
            _ids[i] = i.ToString(CultureInfo.InvariantCulture);
            _slots[i] = new SlotSeries();
        }
    }

    /// <summary>Applies a status whose slots are ordered by id (the pool lists them so); unused slots read 0 with empty labels.</summary>
    public void Update(PoolProtocol.Status status)
    {
        var slots = status.Slots;
        var next = 0;
        for (var id = 0; id < _slots.Length; id++)
        {
            PoolProtocol.SlotStatus? slot = null;
            while (next < slots.Count && slots[next].SlotId < id)
            {
                next++;
            }
            if (next < slots.Count && slots[next].SlotId == id)
            {
                slot = slots[next];
            }
            var state = slot?.State ?? SlotState.NotInit;
            var series = _slots[id];
            var user = slot?.User ?? "";
            var database = slot?.Database ?? "";
            var application = slot?.ApplicationName ?? "";
            var stateLabel = MetricsCollector.StateLabel(state);
            if (series.Connection is null || !series.Same(user, database, application, stateLabel))
            {
                series.Connection?.Remove();
                series.Connection = _connection.WithLabels(_ids[id], user, database, application, stateLabel);
            }
            series.Connection.Set(state == SlotState.NotInit ? 0 : 1);
            UpdateQueryCount(id, series, user, database, application, slot?.Queries ?? 0);
            series.Remember(user, database, application, stateLabel);
        }
    }

    private void UpdateQueryCount(int id, SlotSeries series, string user, string database, string application, long queries)
    {
        if (series.Queries is null || !series.SameSlotLabels(user, database, application) || queries < series.Queries.Value)
        {
            series.Queries?.Remove();
            series.Queries = _queryCount.WithLabels(_ids[id], user, database, application);
        }
        series.Queries.IncTo(queries);
    }

    /// <summary>Every per-slot query count starts again at 0 (clear prometheus).</summary>
    public void ResetCounters()
    {
        foreach (var series in _slots)
        {
            series.Queries?.Remove();
            series.Queries = null;
        }
    }

    private sealed class SlotSeries
    {
        private string _user = "";
        private string _database = "";
        private string _application = "";
        private string _state = "";

        public Gauge.Child? Connection { get; set; }

        public Counter.Child? Queries { get; set; }

        public bool Same(string user, string database, string application, string state) =>
            SameSlotLabels(user, database, application) && ReferenceEquals(_state, state);

        public bool SameSlotLabels(string user, string database, string application) =>
            string.Equals(_user, user, StringComparison.Ordinal) && string.Equals(_database, database, StringComparison.Ordinal)
            && string.Equals(_application, application, StringComparison.Ordinal);

        public void Remember(string user, string database, string application, string state)
        {
            _user = user;
            _database = database;
            _application = application;
            _state = state;
        }
    }
}
