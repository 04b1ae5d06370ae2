using System.Diagnostics;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>
/// Samples pg_locks from a second connection while a migration runs on a rehearsal copy: per table, the
/// strongest mode granted to another session and how long it was seen. Sampling every few milliseconds
/// misses locks held for less than that, which is the point: only long holds matter to the application.
/// </summary>
internal static class PostgresLockWatch
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    // Weakest to strongest, as PostgreSQL's conflict table orders them.
    private static readonly string[] Modes =
    [
        "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
        "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock",
    ];

    private const string Sample = """
        SELECT format('%I.%I', n.nspname, c.relname), l.mode
        FROM pg_locks l JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE l.locktype = 'relation' AND l.granted AND l.pid <> pg_backend_pid()
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND c.relname NOT LIKE 'cutover\_%'
        """;

    public static async Task<IReadOnlyList<LockHeld>> RunAsync(string connectionString, Func<Task> work, CancellationToken cancellationToken)
    {
        var builder = PostgresConnectionString.Parse(connectionString);
        builder.ApplicationName = "cutover-lock-watch";
        builder.Pooling = false;
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(Sample, connection);
        await command.PrepareAsync(cancellationToken).ConfigureAwait(false);

        var strongest = new Dictionary<string, (int Mode, long FirstMs, long LastMs)>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        var running = work();
        while (!running.IsCompleted)
        {
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var table = reader.GetString(0);
                    var mode = Array.IndexOf(Modes, reader.GetString(1));
                    var now = clock.ElapsedMilliseconds;
                    if (!strongest.TryGetValue(table, out var seen) || mode > seen.Mode)
                        strongest[table] = (mode, now, now);
                    else if (mode == seen.Mode)
                        strongest[table] = seen with { LastMs = now };
                }
            }
            await Task.WhenAny(running, Task.Delay(Interval, cancellationToken)).ConfigureAwait(false);
        }
        await running.ConfigureAwait(false);
        return strongest
            .Select(s => new LockHeld(s.Key, Modes[s.Value.Mode], s.Value.LastMs - s.Value.FirstMs + (long)Interval.TotalMilliseconds, Blocks(s.Value.Mode)))
            .OrderByDescending(l => Array.IndexOf(Modes, l.Mode)).ThenBy(l => l.Table, StringComparer.Ordinal).ToList();
    }

    /// <summary>What an application's plain SELECTs and INSERT/UPDATE/DELETEs wait for under this mode.</summary>
    private static string Blocks(int mode) => Modes[mode] switch
    {
        "AccessExclusiveLock" => "reads and writes",
        "ExclusiveLock" or "ShareRowExclusiveLock" or "ShareLock" => "writes",
        _ => "nothing",
    };
}
