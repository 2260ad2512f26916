using System.Diagnostics;

namespace Agroal.Actors.Networking.Epoll;

/// <summary>
/// The monotonic time of the epoll loop's current round, read at most once a round, as PgBouncer reads its clock once
/// per event-loop pass. A transaction stamped its lease and its return with two clock reads; at saturation one round
/// serves several transactions, and timestamps kept for idle and age checks (seconds) do not need finer time than
/// the round's.
/// </summary>
/// <remarks>
/// The same base as <see cref="TimeProvider.System"/>'s timestamps (<see cref="Stopwatch.GetTimestamp"/>). Off the loop
/// threads every read is a fresh one.
/// </remarks>
internal static class LoopTime
{
    /// <summary>This thread runs an epoll loop (its rounds mark the cached time stale).</summary>
    [ThreadStatic]
    private static bool t_onLoop;

    /// <summary>The round's time once read; 0 until the round first asks.</summary>
    [ThreadStatic]
    private static long t_roundTime;

    /// <summary>On a loop thread, when a wait returned: the next read this round takes the clock.</summary>
    internal static void NewRound()
    {
        t_onLoop = true;
        t_roundTime = 0;
    }

    /// <summary>The round's time on a loop thread; the clock's off it.</summary>
    public static long Now
    {
        get
        {
            var time = t_roundTime;
            if (time != 0)
            {
                return time;
            }
            time = Stopwatch.GetTimestamp();
            if (t_onLoop)
            {
                t_roundTime = time;
            }
            return time;
        }
    }
}
