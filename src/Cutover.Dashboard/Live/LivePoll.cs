namespace Cutover.Dashboard.Live;

/// <summary>How often the live page asks live.json again: often enough to watch a backfill move, rare enough that an open tab costs the database three small queries every two seconds.</summary>
internal static class LivePoll
{
    public const int IntervalMs = 2000;
}
