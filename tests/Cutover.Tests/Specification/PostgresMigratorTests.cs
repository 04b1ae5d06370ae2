using System.Diagnostics;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Tests.Infrastructure;
using Npgsql;

namespace Cutover.Tests.Specification;

public sealed class PostgresMigratorTests : MigratorSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    private protected override string SlowStatement => "SELECT pg_sleep(4)";

    private protected override Task WaitUntilSlowStatementRunsAsync(string connection) =>
        WaitUntilAsync(async () => await CountAsync(connection, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(4)%'") > 0);

    [Fact]
    public async Task Create_index_concurrently_completes_while_the_migration_lock_is_held()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "table", """
            -- cutover:up
            CREATE TABLE t (id bigint PRIMARY KEY, v text);
            INSERT INTO t SELECT g, 'v' || g FROM generate_series(1, 1000) g;
            -- cutover:down
            DROP TABLE t;
            """);
        Files.Write("20260101000002", "index", """
            -- cutover:up no-transaction
            CREATE INDEX CONCURRENTLY IF NOT EXISTS t_v ON t (v);
            -- cutover:down no-transaction
            DROP INDEX CONCURRENTLY IF EXISTS t_v;
            """);
        var migrator = NewMigrator(db);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await migrator.UpAsync(cancellationToken: timeout.Token);

        Assert.True((bool)(await ScalarAsync(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v'::regclass"))!);
        await migrator.DownAsync(cancellationToken: timeout.Token);
        Assert.Equal(DBNull.Value, await ScalarAsync(db, "SELECT to_regclass('t_v')::text"));
    }

    [Fact]
    public async Task A_migration_behind_a_long_transaction_retries_with_a_growing_lock_timeout_and_never_blocks_readers()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "table", """
            -- cutover:up
            CREATE TABLE t (id bigint PRIMARY KEY);
            INSERT INTO t VALUES (1);
            -- cutover:down
            DROP TABLE t;
            """);
        var migrator = NewMigrator(db, new LockRetryPolicy { InitialTimeout = TimeSpan.FromMilliseconds(50), MaxTimeout = TimeSpan.FromMilliseconds(200), Attempts = 40, MaxSleep = TimeSpan.FromMilliseconds(100) });
        await migrator.UpAsync();
        Files.Write("20260101000002", "add_column", """
            -- cutover:up
            ALTER TABLE t ADD COLUMN note text;
            -- cutover:down
            ALTER TABLE t DROP COLUMN note;
            """);

        // A long-running reader holds ACCESS SHARE on t.
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT * FROM t", holder, tx).ExecuteNonQueryAsync();

        var events = new List<RunEvent>();
        var up = migrator.UpAsync(new UpOptions { Progress = new SynchronousProgress<RunEvent>(events.Add) });

        // While the migration waits and retries, other readers are never stuck behind it for long.
        var slowest = TimeSpan.Zero;
        for (var i = 0; i < 10; i++)
        {
            await using var reader = new NpgsqlConnection(db);
            await reader.OpenAsync();
            var clock = Stopwatch.StartNew();
            await new NpgsqlCommand("SET statement_timeout = '5s'; SELECT count(*) FROM t", reader).ExecuteScalarAsync();
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            await Task.Delay(50);
        }
        Assert.False(up.IsCompleted);
        await tx.CommitAsync();
        await up;

        Assert.True(slowest < TimeSpan.FromMilliseconds(1000), $"a reader waited {slowest.TotalMilliseconds} ms");
        Assert.Contains(events, e => e.Kind == RunEventKind.Retrying);
        Assert.True(await CountAsync(db, "SELECT count(*) FROM cutover_log WHERE action = 'lock' AND outcome = 'retried'") > 0);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM information_schema.columns WHERE table_name = 't' AND column_name = 'note'"));
    }

    [Fact]
    public async Task A_runner_that_cannot_get_the_lock_in_time_gives_up_with_exit_code_3_naming_the_holder()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "slow", """
            -- cutover:up
            CREATE TABLE t (id integer);
            SELECT pg_sleep(3);
            -- cutover:down
            DROP TABLE t;
            """);
        var first = NewMigrator(db).UpAsync();
        await WaitUntilAsync(async () => await CountAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(3)%'") > 0);

        var events = new List<RunEvent>();
        var error = await Assert.ThrowsAsync<CutoverException>(() =>
            NewMigrator(db, lockWait: TimeSpan.FromMilliseconds(500)).UpAsync(new UpOptions { Progress = new SynchronousProgress<RunEvent>(events.Add) }));

        Assert.Equal(ExitCode.LockTimeout, error.ExitCode);
        Assert.Contains("pid", error.Message);
        Assert.Contains(events, e => e.Kind == RunEventKind.WaitingForLock && e.Message!.Contains("cutover@"));
        await first;
    }
}
