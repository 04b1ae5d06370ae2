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
        var logger = new CollectingLogger();

        var error = await Assert.ThrowsAsync<CutoverException>(() => NewMigrator(db, new BackfillOptions { LockRetry = retry }, logger).UpAsync());

        // One retry warning after each attempt but the last, and the error says how many attempts were made.
        Assert.Equal(Attempts - 1, logger.Warnings.Count(w => w.StartsWith("Backfill 20260101000002/1: lock not obtained within ", StringComparison.Ordinal)));
        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.StartsWith($"{path}:1: backfill of k batch 1 (\"id\" <= 50) failed: lock not obtained in {Attempts} attempts (lock_timeout up to 80 ms): ", error.Message, StringComparison.Ordinal);
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

    private Migrator NewMigrator(string db, BackfillOptions backfill, ILogger<Migrator>? logger = null) =>
        new(new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder, Backfill = backfill }, new PostgresProvider(), logger);

    /// <summary>Keeps the text of every warning the migrator logs.</summary>
    private sealed class CollectingLogger : ILogger<Migrator>
    {
        private readonly List<string> _warnings = [];

        public IReadOnlyList<string> Warnings
        {
            get
            {
                lock (_warnings)
                    return [.. _warnings];
            }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel != LogLevel.Warning)
                return;
            lock (_warnings)
                _warnings.Add(formatter(state, exception));
        }
    }

    public void Dispose()
    {
        _files.Dispose();
        GC.SuppressFinalize(this);
    }
}
