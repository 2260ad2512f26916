using System.Globalization;

namespace Agroal.Tests.Faults;

/// <summary>Knobs of the fault suite, read from the environment so a long soak needs no code change.</summary>
public static class FaultSettings
{
    /// <summary>FAULTS_SERVE_WITHIN_MS: how soon after a fault a new client must be served (the 1 s).</summary>
    public static TimeSpan ServeWithin { get; } = TimeSpan.FromMilliseconds(Read("FAULTS_SERVE_WITHIN_MS", 1000));

    /// <summary>FAULTS_REPEAT: how many times the login-race stress repeats inside one test run.</summary>
    public static int LoginRaceRepeats { get; } = Read("FAULTS_REPEAT", 1);

    /// <summary>
    /// FAULTS_CYCLES: connect/disconnect cycles of the churn case, the 100,000 by default (about 1,300 cycles/s
    /// on a loaded 2-core machine; a cycle that aborts mid-query costs a new PostgreSQL backend, so those are 1 in 100).
    /// </summary>
    public static int ChurnCycles { get; } = Read("FAULTS_CYCLES", 100_000);

    /// <summary>FAULTS_FUZZ_SESSIONS: mutated sessions the protocol fuzzer replays.</summary>
    public static int FuzzSessions { get; } = Read("FAULTS_FUZZ_SESSIONS", 1500);

    /// <summary>
    /// FAULTS_IDLE_SOCKETS: idle client sockets held open beside the working clients, the 10,000 by default.
    /// The pooler runs out of process for it and both processes get a descriptor limit above the count.
    /// </summary>
    public static int IdleSockets { get; } = Read("FAULTS_IDLE_SOCKETS", 10_000);

    /// <summary>FAULTS_SEED: the fuzzer's seed; printed on failure so a run can be replayed.</summary>
    public static int Seed { get; } = Read("FAULTS_SEED", 20261205);

    private static int Read(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
}
