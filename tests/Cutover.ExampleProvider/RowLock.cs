using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Cutover.ExampleProvider;

/// <summary>
/// The migration lock as one row in a table of the migrated database itself, <c>cutover_example_lock</c>. It needs no
/// file beside the database and anyone with a SQL prompt can see who holds it. A row outlives its writer, though, so a
/// runner that was killed leaves it behind: a holder on this machine whose process is gone (same process id and start
/// time) is stale and is taken over. A holder on another machine cannot be checked from here; it is waited for, and an
/// operator who knows it is dead deletes the row.
/// </summary>
/// <remarks>
/// The lock works on a connection of its own, so holding it never keeps a transaction open on the database and the
/// migration's connection is free to write. The row is taken in a <c>BEGIN IMMEDIATE</c> transaction (SQLite's write
/// lock), which makes "is it free or stale, then take it" atomic among runners. The table's name starts with
/// <c>cutover_</c>, so schema readers leave it out.
/// </remarks>
internal sealed class RowLock : IAsyncDisposable
{
    private const string Table = "cutover_example_lock";
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly SqliteConnection _connection;
    private readonly string _token;

    private RowLock(SqliteConnection connection, string token)
    {
        _connection = connection;
        _token = token;
    }

    public static async Task<IAsyncDisposable> AcquireAsync(string connectionString, TimeSpan wait, Action<string> onWaiting, CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            // Short: a runner busy writing must not keep this loop from noticing the deadline.
            await ExampleSqliteProvider.ExecuteAsync(connection, null, "PRAGMA busy_timeout = 100", cancellationToken).ConfigureAwait(false);
            var me = Holder.Current(Guid.NewGuid().ToString("N"));
            var clock = Stopwatch.StartNew();
            string? reported = null;
            while (true)
            {
                var holder = await TryTakeAsync(connection, me, cancellationToken).ConfigureAwait(false);
                if (holder is null)
                    return new RowLock(connection, me.Token);
                var who = holder.ToString();
                if (clock.Elapsed >= wait)
                {
                    throw new LockTimeoutException($"migration lock (row of {Table} in {connection.DataSource})", wait, who,
                        $"wait for the other runner to finish; if it is dead, DELETE FROM {Table}");
                }
                if (who != reported)
                {
                    onWaiting($"held by {who}");
                    reported = who;
                }
                await Task.Delay(Poll, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Takes the row for <paramref name="me"/> when it is free or stale; otherwise returns who holds it.</summary>
    private static async Task<Holder?> TryTakeAsync(SqliteConnection connection, Holder me, CancellationToken cancellationToken)
    {
        try
        {
            // deferred: false is BEGIN IMMEDIATE: the write lock is taken now (or SQLITE_BUSY), before the row is read.
            // (Microsoft.Data.Sqlite has no async overload with this choice; it waits at most the 100 ms busy timeout.)
            await using var transaction = connection.BeginTransaction(deferred: false);
            await ExampleSqliteProvider.ExecuteAsync(connection, transaction,
                $"CREATE TABLE IF NOT EXISTS {Table} (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, pid INTEGER NOT NULL, started INTEGER NOT NULL, host TEXT NOT NULL, who TEXT NOT NULL, since TEXT NOT NULL) STRICT",
                cancellationToken).ConfigureAwait(false);
            var holder = await ReadAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            if (holder is not null && !holder.IsStale)
                return holder;

            await using var take = connection.CreateCommand();
            take.Transaction = transaction;
            take.CommandText = $"DELETE FROM {Table}; INSERT INTO {Table} VALUES (1, $token, $pid, $started, $host, $who, $since)";
            take.Parameters.AddWithValue("$token", me.Token);
            take.Parameters.AddWithValue("$pid", me.Pid);
            take.Parameters.AddWithValue("$started", me.Started);
            take.Parameters.AddWithValue("$host", me.Host);
            take.Parameters.AddWithValue("$who", me.Who);
            take.Parameters.AddWithValue("$since", me.Since);
            await take.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode is 5 or 6)
        {
            // Another connection is writing (a runner taking the lock, or migrating): look at the row without the write lock.
            try
            {
                return await ReadAsync(connection, null, cancellationToken).ConfigureAwait(false) ?? Busy;
            }
            catch (SqliteException again) when (again.SqliteErrorCode is 5 or 6)
            {
                return Busy; // it is committing right now
            }
        }
    }

    private static readonly Holder Busy = new("", 0, 0, "", "another connection writing to the database", "");

    private static async Task<Holder?> ReadAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"SELECT token, pid, started, host, who, since FROM {Table}";
        try
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
                ? new Holder(reader.GetString(0), reader.GetInt32(1), reader.GetInt64(2), reader.GetString(3), reader.GetString(4), reader.GetString(5))
                : null;
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 1 && e.Message.Contains("no such table", StringComparison.Ordinal))
        {
            return null;
        }
    }

    /// <summary>Releases the lock: deletes the row if it is still this runner's (an operator may have deleted it).</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            await ExampleSqliteProvider.ExecuteAsync(_connection, null, "PRAGMA busy_timeout = 10000", CancellationToken.None).ConfigureAwait(false);
            await using var release = _connection.CreateCommand();
            release.CommandText = $"DELETE FROM {Table} WHERE token = $token";
            release.Parameters.AddWithValue("$token", _token);
            await release.ExecuteNonQueryAsync().ConfigureAwait(false);
        }
        finally
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Who holds the lock. <paramref name="Token"/> tells apart runners in one process.</summary>
    private sealed record Holder(string Token, int Pid, long Started, string Host, string Who, string Since)
    {
        public static Holder Current(string token)
        {
            using var process = Process.GetCurrentProcess();
            return new Holder(token, process.Id, process.StartTime.ToUniversalTime().Ticks, Environment.MachineName,
                $"{Environment.UserName}@{Environment.MachineName}", DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        }

        /// <summary>A holder on this machine whose process is gone; the start time guards against a reused process id.</summary>
        public bool IsStale
        {
            get
            {
                if (Host != Environment.MachineName)
                    return false;
                try
                {
                    using var process = Process.GetProcessById(Pid);
                    return process.HasExited || Math.Abs(process.StartTime.ToUniversalTime().Ticks - Started) > TimeSpan.TicksPerSecond;
                }
                catch (ArgumentException)
                {
                    return true; // no such process
                }
                catch (InvalidOperationException)
                {
                    return true; // it exited while we looked
                }
            }
        }

        public override string ToString() => Pid == 0 ? Who : $"pid {Pid} ({Who}) since {Since}";
    }
}
