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

    private protected override Task<string> NewCrashTestDatabaseAsync() => PostgresServer.CreateDurableDatabaseAsync();

    private protected override string SlowStatement => "SELECT pg_sleep(4)";

    private protected override string PauseStatement => "SELECT pg_sleep(0.5)";

    private protected override Task WaitUntilSlowStatementRunsAsync(string connection) =>
        WaitUntilAsync(async () => await CountAsync(connection, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(4)%'") > 0);

    [Fact]
    public async Task Create_index_concurrently_completes_while_the_migration_lock_is_held()
    {
        var db = await NewDatabaseAsync();
        WriteTableAndConcurrentIndex();
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
        Assert.Contains(events, e => e is LockTimeoutRetry);
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
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() =>
            NewMigrator(db, lockWait: TimeSpan.FromMilliseconds(500)).UpAsync(new UpOptions { Progress = new SynchronousProgress<RunEvent>(events.Add) }));

        Assert.Equal(ExitCode.LockTimeout, error.ExitCode);
        Assert.Contains("pid", error.Message);
        Assert.Contains(events, e => e is WaitingForLock w && w.Message.Contains("cutover@"));
        await first;
    }

    [Fact]
    public async Task A_lock_holder_that_never_lets_go_gets_attempts_with_growing_lock_timeouts_then_the_step_fails()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "table", "-- cutover:up\nCREATE TABLE t (id bigint PRIMARY KEY);\n-- cutover:down\nDROP TABLE t;\n");
        await NewMigrator(db).UpAsync();
        var path = Files.Write("20260101000002", "add_column", "-- cutover:up\nALTER TABLE t ADD COLUMN note text;\n-- cutover:down\nALTER TABLE t DROP COLUMN note;\n");
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT * FROM t", holder, tx).ExecuteNonQueryAsync();
        var policy = new LockRetryPolicy { InitialTimeout = TimeSpan.FromMilliseconds(100), MaxTimeout = TimeSpan.FromMilliseconds(800), Attempts = 6, MaxSleep = TimeSpan.FromMilliseconds(300) };
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db, policy).UpAsync(cancellationToken: giveUp.Token));

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.StartsWith($"{path}:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("lock timeout", error.Message, StringComparison.Ordinal);
        Assert.Equal(MigrationState.Failed, StatusOf(await NewMigrator(db).StatusAsync(), "20260101000002").State);
        var retries = await RetriesAsync(db);
        Assert.Equal(policy.Attempts - 1, retries.Count);
        Assert.Equal([100, 200, 400, 800, 800], retries.Select(r => int.Parse(System.Text.RegularExpressions.Regex.Match(r.Detail, "within (\\d+) ms").Groups[1].Value)));
        Assert.Equal(Enumerable.Range(1, 5).Select(a => $"(attempt {a} of 6)"), retries.Select(r => System.Text.RegularExpressions.Regex.Match(r.Detail, "\\(attempt \\d+ of \\d+\\)").Value));
        int Ms(string detail, string pattern) => int.Parse(System.Text.RegularExpressions.Regex.Match(detail, pattern + " (\\d+) ms").Groups[1].Value);
        // Each retry names the lock_timeout the next attempt gets, and between two retries the runner slept as long as it
        // said, then the next attempt waited its whole lock_timeout: the growing values were really set.
        for (var i = 1; i < retries.Count; i++)
        {
            Assert.Equal(Ms(retries[i].Detail, "within"), Ms(retries[i - 1].Detail, "with lock_timeout"));
            var waited = (retries[i].At - retries[i - 1].At).TotalMilliseconds;
            var (slept, timeout) = (Ms(retries[i - 1].Detail, "retrying in"), policy.TimeoutFor(i).TotalMilliseconds);
            Assert.True(slept >= 50, $"retry {i} said it sleeps {slept} ms; the policy sleeps at least half of 100 ms");
            Assert.True(waited >= 0.9 * (slept + timeout), $"attempt {i + 1} gave up {waited:0} ms after the one before, which slept {slept} ms, under a lock_timeout of {timeout} ms");
        }
    }

    [Fact]
    public async Task A_statement_of_a_no_transaction_step_gets_the_short_lock_timeout_and_its_retries_too()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "table", "-- cutover:up\nCREATE TABLE t (id bigint PRIMARY KEY);\n-- cutover:down\nDROP TABLE t;\n");
        await NewMigrator(db).UpAsync();
        var path = Files.Write("20260101000002", "add_column", "-- cutover:up no-transaction\nALTER TABLE t ADD COLUMN note text;\n-- cutover:down\nALTER TABLE t DROP COLUMN note;\n");
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync();
        await using var tx = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("SELECT * FROM t", holder, tx).ExecuteNonQueryAsync();
        var policy = new LockRetryPolicy { InitialTimeout = TimeSpan.FromMilliseconds(100), MaxTimeout = TimeSpan.FromMilliseconds(200), Attempts = 3, MaxSleep = TimeSpan.FromMilliseconds(1) };
        // Without a lock_timeout the ALTER would queue behind the holder (and every reader behind it) for good.
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db, policy).UpAsync(cancellationToken: giveUp.Token));

        Assert.StartsWith($"{path}:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains("lock timeout", error.Message, StringComparison.Ordinal);
        Assert.Equal([100, 200], (await RetriesAsync(db)).Select(r => int.Parse(System.Text.RegularExpressions.Regex.Match(r.Detail, "within (\\d+) ms").Groups[1].Value)));
    }

    [Fact]
    public async Task A_concurrent_index_build_waits_out_an_open_writer_instead_of_timing_out()
    {
        var db = await NewDatabaseAsync();
        WriteTableAndConcurrentIndex();
        await NewMigrator(db).UpAsync(new UpOptions { To = "20260101000001" });
        // A writer's open transaction: a concurrent build must wait for it to end before it can finish.
        await using var writer = new NpgsqlConnection(db);
        await writer.OpenAsync();
        await using var tx = await writer.BeginTransactionAsync();
        await new NpgsqlCommand("INSERT INTO t VALUES (1001, 'late')", writer, tx).ExecuteNonQueryAsync();
        var shortRetries = new LockRetryPolicy { InitialTimeout = TimeSpan.FromMilliseconds(50), MaxTimeout = TimeSpan.FromMilliseconds(100), Attempts = 3, MaxSleep = TimeSpan.FromMilliseconds(10) };

        var up = NewMigrator(db, shortRetries).UpAsync();
        await WaitUntilAsync(async () => await CountAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'CREATE INDEX CONCURRENTLY%' AND wait_event_type = 'Lock'") > 0);
        // Far longer than the three short attempts would take.
        await Task.Delay(1500);
        Assert.False(up.IsCompleted, "the concurrent build stopped waiting while the writer was still open");
        await tx.CommitAsync();
        await up;

        Assert.True((bool)(await ScalarAsync(db, "SELECT indisvalid FROM pg_index WHERE indexrelid = 't_v'::regclass"))!);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM cutover_log WHERE action = 'lock' AND outcome = 'retried'"));
    }

    [Fact]
    public async Task A_killed_runner_in_a_long_statement_releases_the_migration_lock_within_seconds()
    {
        var db = await NewCrashTestDatabaseAsync();
        var path = Files.Write("20260101000001", "long", """
            -- cutover:up
            CREATE TABLE t (id integer);
            SELECT pg_sleep(120);
            -- cutover:down
            DROP TABLE t;
            """);
        File.WriteAllText(Path.Combine(Files.Root, "cutover.json"), """{ "migrations": "migrations" }""");
        using var runner = CliProcess.Start(Files.Root, "up", "--connection", db);
        await WaitUntilAsync(async () => await CountAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(120)%'") > 0);
        await KillWhileRunningAsync(runner);
        File.WriteAllText(path, File.ReadAllText(path).Replace("pg_sleep(120)", "pg_sleep(0)"));

        // The server notices the dead client at its next connection check and ends the session, which
        // releases the lock; without the check the statement would hold it for two minutes.
        var clock = Stopwatch.StartNew();
        await NewMigrator(db, lockWait: TimeSpan.FromSeconds(15)).UpAsync();

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"took {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(120)%'"));
        Assert.Equal(MigrationState.Applied, StatusOf(await NewMigrator(db).StatusAsync(), "20260101000001").State);
    }

    /// <summary>Migration 1 creates t (1,000 rows); migration 2 builds an index on it CONCURRENTLY.</summary>
    private void WriteTableAndConcurrentIndex()
    {
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
    }

    private static async Task<List<(DateTime At, string Detail)>> RetriesAsync(string db)
    {
        var retries = new List<(DateTime, string)>();
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT at, detail FROM cutover_log WHERE action = 'lock' AND outcome = 'retried' ORDER BY seq", connection);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            retries.Add((reader.GetDateTime(0), reader.GetString(1)));
        return retries;
    }
}
