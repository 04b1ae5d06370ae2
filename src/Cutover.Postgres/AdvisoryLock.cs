using System.Diagnostics;
using Npgsql;

namespace Cutover.Postgres;

/// <summary>
/// The migration lock on PostgreSQL: a session-level advisory lock on the migrating connection.
/// Session level, not transaction level, because CREATE INDEX CONCURRENTLY waits for every open
/// transaction — including one holding a transaction-scoped lock — and would deadlock against its own
/// runner. The server releases it when the session ends, also when the runner is killed.
/// </summary>
internal sealed class AdvisoryLock(NpgsqlConnection connection) : IAsyncDisposable
{
    // "cutover" in ASCII: one key per database, shared by every Cutover version.
    private const long Key = 0x0063_7574_6F76_6572;

    public static async Task<IAsyncDisposable> AcquireAsync(NpgsqlConnection connection, TimeSpan wait, Action<string> onWaiting, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        string? lastHolder = null;
        while (true)
        {
            await using (var command = new NpgsqlCommand("SELECT pg_try_advisory_lock(@key)", connection))
            {
                command.Parameters.AddWithValue("key", Key);
                if ((bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
                    return new AdvisoryLock(connection);
            }
            var holder = await HolderAsync(connection, cancellationToken).ConfigureAwait(false) ?? "a session that has just released it";
            if (clock.Elapsed >= wait)
            {
                throw new LockTimeoutException("migration lock", wait, holder, "wait for the other runner to finish, or stop it (pg_terminate_backend(pid))");
            }
            if (holder != lastHolder)
            {
                onWaiting($"held by {holder}");
                lastHolder = holder;
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Who holds the lock: pid, application (cutover@host), client address and since when; null when nobody does.</summary>
    public static async Task<string?> HolderAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT a.pid, coalesce(nullif(a.application_name, ''), '?'), coalesce(host(a.client_addr), 'local socket'), a.backend_start
            FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
            WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1
              AND l.classid::bigint = @hi AND l.objid::bigint = @lo
              AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
            LIMIT 1
            """;
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("hi", Key >> 32);
        command.Parameters.AddWithValue("lo", Key & 0xFFFF_FFFF);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        return $"pid {reader.GetInt32(0)} ({reader.GetString(1)}, {reader.GetString(2)}) since {reader.GetFieldValue<DateTime>(3).ToUniversalTime():yyyy-MM-dd HH:mm:ss}Z";
    }

    public async ValueTask DisposeAsync()
    {
        if (connection.State != System.Data.ConnectionState.Open)
            return;
        await using var command = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", connection);
        command.Parameters.AddWithValue("key", Key);
        await command.ExecuteScalarAsync().ConfigureAwait(false);
    }
}
