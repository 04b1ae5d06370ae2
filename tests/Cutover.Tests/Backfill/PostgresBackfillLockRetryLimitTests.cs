using Cutover.Backfill;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Cutover.Tests.Backfill;

/// <summary>
/// docs/backfill.md: a batch that times out waiting for a lock is retried from the same position with a growing
/// lock_timeout, a limited number of times (30 by default), then fails. Here a lock holder never lets go.
/// </summary>
public sealed class PostgresBackfillLockRetryLimitTests : IDisposable
{
    private readonly MigrationsFolder _files = new();

    [Fact]
    public void The_default_policy_is_the_documented_thirty_attempts_with_sleeps_up_to_thirty_seconds()
    {
        var retry = new BackfillOptions().LockRetry;

        Assert.Equal((30, TimeSpan.FromSeconds(30)), (retry.Attempts, retry.MaxSleep));
    }

    [Fact]
    public async Task A_lock_holder_that_never_lets_go_fails_the_backfill_after_exactly_the_configured_attempts_and_a_rerun_finishes_it()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        _files.Write("20260101000001", "table", """
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM generate_series(1, 100) x;
            -- cutover:down
            DROP TABLE k;
            """);
        await NewMigrator(db, new BackfillOptions()).UpAsync();
        var path = _files.Write("20260101000002", "backfill", """
            -- cutover:backfill k batch=50
            UPDATE k SET v = 1 WHERE {batch};
            """);
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE k IN EXCLUSIVE MODE", holder, transaction).ExecuteNonQueryAsync();
        const int Attempts = 5;
        var retry = new LockRetryPolicy
        {
            InitialTimeout = TimeSpan.FromMilliseconds(20), MaxTimeout = TimeSpan.FromMilliseconds(80), Attempts = Attempts, MaxSleep = TimeSpan.FromMilliseconds(50),
        };
        var logger = new RecordingLogger<Migrator>();

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db, new BackfillOptions { LockRetry = retry }, logger).UpAsync());

        // One retry warning after each attempt but the last, and the error says how many attempts were made.
        Assert.Equal(Attempts - 1, logger.Warnings.Count(w => w.StartsWith("Backfill 20260101000002/1: lock not obtained within ", StringComparison.Ordinal)));
        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.StartsWith($"{path}:1: backfill of public.k batch 1 (\"id\" <= 50) failed: lock not obtained in {Attempts} attempts (lock_timeout up to 80 ms): ", error.Message, StringComparison.Ordinal);
        Assert.Contains("lock timeout", error.Message, StringComparison.Ordinal);
        var failed = Assert.Single(await NewMigrator(db, new BackfillOptions()).BackfillStatusAsync());
        Assert.Equal((BackfillStates.Failed, 0L, 0L), (failed.State, failed.RowsDone, failed.Batches));
        Assert.Equal(MigrationState.Interrupted, (await NewMigrator(db, new BackfillOptions()).StatusAsync()).Migrations.Single(m => m.Id == "20260101000002").State);
        Assert.Equal(0L, await new NpgsqlCommand("SELECT count(*) FROM k WHERE v IS NOT NULL", holder, transaction).ExecuteScalarAsync());

        await transaction.RollbackAsync();
        await NewMigrator(db, new BackfillOptions { LockRetry = retry }).UpAsync();

        await using var check = new NpgsqlConnection(db);
        await check.OpenAsync();
        Assert.Equal(100L, await new NpgsqlCommand("SELECT count(*) FROM k WHERE v = 1", check).ExecuteScalarAsync());
        Assert.Equal(BackfillStates.Done, Assert.Single(await NewMigrator(db, new BackfillOptions()).BackfillStatusAsync()).State);
    }

    [Fact]
    public async Task A_batch_the_server_cancels_to_break_a_deadlock_is_retried_and_the_backfill_finishes()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        _files.Write("20260101000001", "table", """
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM generate_series(1, 100) x;
            -- cutover:down
            DROP TABLE k;
            """);
        await NewMigrator(db, new BackfillOptions()).UpAsync();
        _files.Write("20260101000002", "backfill", """
            -- cutover:backfill k batch=100
            UPDATE k SET v = 1 WHERE {batch};
            """);
        // A writer holds row 60; the batch locks rows up to it and waits; then the writer wants row 10, which the
        // batch holds: a cycle, which the server breaks by cancelling the batch, the first to wait (deadlock_timeout).
        await using var writer = new NpgsqlConnection(db);
        await writer.OpenAsync();
        await using var transaction = await writer.BeginTransactionAsync();
        await new NpgsqlCommand("UPDATE k SET v = 2 WHERE id = 60", writer, transaction).ExecuteNonQueryAsync();
        var retry = new LockRetryPolicy { InitialTimeout = TimeSpan.FromSeconds(20), MaxTimeout = TimeSpan.FromSeconds(20), Attempts = 3, MaxSleep = TimeSpan.FromMilliseconds(50) };
        var logger = new RecordingLogger<Migrator>();
        var up = Task.Run(() => NewMigrator(db, new BackfillOptions { LockRetry = retry }, logger).UpAsync());
        await using (var watcher = new NpgsqlConnection(db))
        {
            await watcher.OpenAsync();
            await WaitUntilAsync(() => up.IsCompleted || Convert.ToInt64(new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'UPDATE k SET v = 1%'", watcher).ExecuteScalar()) > 0);
        }
        Assert.False(up.IsCompleted, up.Exception?.ToString());
        await new NpgsqlCommand("UPDATE k SET v = 2 WHERE id = 10", writer, transaction).ExecuteNonQueryAsync();
        await transaction.CommitAsync();

        await up.WaitAsync(TimeSpan.FromSeconds(60));

        // The cancelled attempt was retried (and said so); the retry ran after the writer's commit and set every row.
        Assert.Equal(1, logger.Warnings.Count(w => w.StartsWith("Backfill 20260101000002/1: lock not obtained", StringComparison.Ordinal)));
        await using var check = new NpgsqlConnection(db);
        await check.OpenAsync();
        Assert.Equal(100L, await new NpgsqlCommand("SELECT count(*) FROM k WHERE v = 1", check).ExecuteScalarAsync());
        Assert.Equal(BackfillStates.Done, Assert.Single(await NewMigrator(db, new BackfillOptions()).BackfillStatusAsync()).State);
    }

    [Fact]
    public async Task A_session_that_never_lets_go_of_the_checkpoint_row_fails_up_after_the_configured_attempts_and_a_worker_survives_it()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var path = _files.Write("20260101000001", "backfill", """
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM generate_series(1, 100) x;
            -- cutover:backfill k batch=50
            UPDATE k SET v = 1 WHERE {batch};
            -- cutover:down
            DROP TABLE k;
            """);
        const int Attempts = 4;
        var retry = new LockRetryPolicy
        {
            InitialTimeout = TimeSpan.FromMilliseconds(20), MaxTimeout = TimeSpan.FromMilliseconds(80), Attempts = Attempts, MaxSleep = TimeSpan.FromMilliseconds(50),
        };
        var options = new BackfillOptions { LockRetry = retry };
        await NewMigrator(db, options).UpAsync(new UpOptions { DeferBackfills = true });
        // What another runner's batch does for as long as it runs: hold the checkpoint row.
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync();
        var transaction = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT * FROM cutover_backfill FOR UPDATE", holder, transaction).ExecuteNonQueryAsync();
        var logger = new RecordingLogger<Migrator>();

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db, options, logger).UpAsync());

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.Equal(
            $"{path}:4: backfill of public.k could not claim its checkpoint: lock not obtained in {Attempts} attempts (lock_timeout up to 80 ms); another session holds its row in cutover_backfill",
            error.Message);
        Assert.Equal(Attempts - 1, logger.Warnings.Count(w => w.StartsWith("Backfill 20260101000001/2: lock not obtained within ", StringComparison.Ordinal)));

        // A background runner reports the same and keeps trying (it does not die); it finishes once the row is free.
        var workerLog = new RecordingLogger<Migrator>();
        var worker = Task.Run(() => NewMigrator(db, options, workerLog).RunBackfillsAsync(once: true));
        await WaitUntilAsync(() => workerLog.Errors.Any(e => e.Contains("could not claim its checkpoint", StringComparison.Ordinal)) || worker.IsCompleted);
        Assert.False(worker.IsCompleted, worker.Exception?.ToString());
        await transaction.RollbackAsync();
        await transaction.DisposeAsync();

        var done = Assert.Single(await worker.WaitAsync(TimeSpan.FromSeconds(60)), s => s.State == BackfillStates.Done);
        Assert.Equal(100L, done.RowsDone);
        // The failed `up` left its migration interrupted at the backfill step: the next `up` applies the rest.
        Assert.Equal(MigrationState.Interrupted, (await NewMigrator(db, options).StatusAsync()).Migrations.Single().State);
        await NewMigrator(db, options).UpAsync();
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db, options).StatusAsync()).Migrations.Single().State);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }

    private Migrator NewMigrator(string db, BackfillOptions backfill, ILogger<Migrator>? logger = null) =>
        new(new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder, Backfill = backfill }, new PostgresProvider(), logger);

    /// <summary>Keeps the text of every warning and error the migrator logs.</summary>
    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
