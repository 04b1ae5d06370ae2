using Cutover.Backfill;
using Cutover.Postgres;
using Cutover.Running;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;
using Npgsql;

namespace Cutover.Tests.Backfill;

public sealed partial class PostgresBackfillTests : BackfillSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override TimeSpan WriterWaitBound => TimeSpan.FromMilliseconds(400);

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    private protected override Task<string> NewCrashTestDatabaseAsync() => PostgresServer.CreateDurableDatabaseAsync();

    private protected override Task<long> OtherSessionsAsync(string db) =>
        CountAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()");

    private protected override string Shown(string table) => "public." + table;

    private protected override (string Type, string New) Uuid => ("uuid", "gen_random_uuid()");

    [Theory]
    [InlineData(null, "256kB")]   // the default: the batch's own writes are handed to the disk every 256 KB
    [InlineData(1024, "1MB")]
    [InlineData(0, "0")]          // 0: the server's own setting (off unless the server says otherwise)
    public async Task Each_batch_runs_with_backend_flush_after_so_its_writes_reach_the_disk_as_it_goes(int? kilobytes, string seen)
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "fill", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v text);
            INSERT INTO k (id) SELECT x FROM {Series(20)};
            -- cutover:backfill k batch=7
            UPDATE k SET v = current_setting('backend_flush_after') WHERE {"{batch}"};
            """);

        await NewMigrator(db, kilobytes is { } kb ? new BackfillOptions { WritebackAfterKb = kb } : null).UpAsync();

        Assert.Equal(20, await CountAsync(db, $"SELECT count(*) FROM k WHERE v = '{seen}'"));
    }

    [Fact]
    public async Task A_schema_qualified_quoted_name_keeps_its_case_and_an_unquoted_one_is_folded_to_lower_case()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "table", $"""
            -- cutover:up
            CREATE TABLE "Order" (id integer PRIMARY KEY, v integer);
            INSERT INTO "Order" (id) SELECT x FROM {Series(10)};
            """);
        await NewMigrator(db).UpAsync();
        var folded = Files.Write("20260101000002", "folded", """
            -- cutover:backfill Order batch=3
            UPDATE "Order" SET v = 1 WHERE {batch};
            """);

        // Unquoted, the name folds to order, which does not exist: bad input before anything runs.
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db).UpAsync());
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal($"{folded}:1: backfill table Order does not exist when the step runs", error.Message);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM cutover_backfill"));

        Files.Write("20260101000002", "folded", """
            -- cutover:backfill public."Order" batch=3
            UPDATE "Order" SET v = 1 WHERE {batch};
            """);
        await NewMigrator(db).UpAsync();

        var done = await CheckpointAsync(db);
        Assert.Equal(("public.\"Order\"", BackfillStates.Done, 10L), (done.Table, done.State, done.RowsDone));
        Assert.Equal(10, await CountAsync(db, "SELECT count(*) FROM \"Order\" WHERE v = 1"));
    }

    [Fact]
    public async Task A_table_without_a_primary_key_is_refused_with_the_key_to_name()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "table", "-- cutover:up\nCREATE TABLE k (email text NOT NULL UNIQUE, v integer);\n");
        await NewMigrator(db).UpAsync();
        var path = Files.Write("20260101000002", "backfill", """
            -- cutover:backfill k
            UPDATE k SET v = 1 WHERE {batch};
            """);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db).UpAsync());

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Equal($"{path}:1: table k has no primary key to walk in batches", error.Message);
        Assert.Equal("name a NOT NULL unique key with key=, e.g. key=email, or add a primary key", error.Hint);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM cutover_history WHERE id = '20260101000002'"));
    }

    [Fact]
    public async Task The_backfill_waits_while_the_database_is_under_pressure_and_says_so()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM {Series(100)};
            -- cutover:backfill k batch=50
            UPDATE k SET v = 1 WHERE {"{batch}"};
            """);
        // Another session stays active until the backfill has been held back three times, then its query is cancelled.
        await using var busy = new NpgsqlConnection(db);
        await busy.OpenAsync();
        await using var sleep = new NpgsqlCommand("SELECT pg_sleep(60)", busy);
        var sleeping = sleep.ExecuteNonQueryAsync();
        await WaitUntilAsync(async () => await CountAsync(db, "SELECT count(*) FROM pg_stat_activity WHERE query = 'SELECT pg_sleep(60)' AND state = 'active'") == 1);
        var reports = new List<string>();
        var options = new BackfillOptions { MaxActiveSessions = 0, ThrottleWait = TimeSpan.FromMilliseconds(200) };

        await NewMigrator(db, options).UpAsync(new UpOptions
        {
            Progress = new SynchronousProgress<RunEvent>(e =>
            {
                if (e is BackfillWaiting wait)
                    reports.Add(wait.Reason);
                else if (e is BackfillBatch batch)
                    reports.Add($"batch {batch.Status.Batches}");
                else
                    return;
                if (reports.Count == 3)
                    sleep.Cancel();
            }),
        });

        await Assert.ThrowsAnyAsync<Exception>(() => sleeping); // cancelled
        // The real probe saw the other session: three waits before any batch ran, then the batches once it was gone.
        // More waits are possible: the probe may look before the cancelled session leaves pg_stat_activity, and it
        // counts the whole server's sessions, which tests running beside this one share; the batches below prove it went on.
        var waits = reports.TakeWhile(r => r.StartsWith("throttled: ", StringComparison.Ordinal)).ToList();
        Assert.True(waits.Count >= 3, $"{waits.Count} waits before the first batch");
        // At least the sleeping session; the probe counts the whole server's, and other tests share it.
        Assert.All(waits, w => Assert.Matches(@"^throttled: [1-9][0-9]* other sessions are active \(limit 0", w));
        Assert.Equal(["batch 1", "batch 2", "batch 2"], reports.Skip(waits.Count));
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
    }

    [Fact]
    public async Task A_batch_that_waits_for_a_lock_gives_up_quickly_and_is_retried_until_the_lock_is_free()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "table", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM {Series(100)};
            """);
        await NewMigrator(db).UpAsync();
        Files.Write("20260101000002", "backfill", """
            -- cutover:backfill k batch=50
            UPDATE k SET v = 1 WHERE {batch};
            """);
        await using var holder = new NpgsqlConnection(db);
        await holder.OpenAsync();
        await using var transaction = await holder.BeginTransactionAsync();
        await new NpgsqlCommand("LOCK TABLE k IN EXCLUSIVE MODE", holder, transaction).ExecuteNonQueryAsync();
        var retry = new LockRetryPolicy { InitialTimeout = TimeSpan.FromMilliseconds(50), MaxTimeout = TimeSpan.FromMilliseconds(100), Attempts = 100, MaxSleep = TimeSpan.FromMilliseconds(100) };
        var log = new RecordingLogger<Migrator>();

        var backfill = NewMigrator(db, new BackfillOptions { LockRetry = retry }, logger: log).UpAsync();
        // Wait for attempts, not for a time: on a loaded machine the runner may take a while to reach the batch.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Retries(log) < 7 && !backfill.IsCompleted && waited.Elapsed < TimeSpan.FromSeconds(60))
            await Task.Delay(20);
        // Still waiting, without queueing behind the lock for good: each attempt gave up after 100 ms at most.
        Assert.False(backfill.IsCompleted);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM pg_locks WHERE NOT granted AND locktype = 'relation' AND mode = 'RowExclusiveLock' AND pid <> pg_backend_pid() AND now() - (SELECT query_start FROM pg_stat_activity WHERE pid = pg_locks.pid) > interval '500 ms'"));
        var retriesWhileHeld = Retries(log);
        await transaction.CommitAsync();
        await backfill;

        Assert.True(retriesWhileHeld >= 7, $"{retriesWhileHeld} attempts gave up while the lock was held");
        Assert.All(log.Entries.Where(e => e.Message.Contains("lock not obtained", StringComparison.Ordinal)),
            e => Assert.Matches("lock not obtained within (50|100) ms", e.Message));
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
    }

    private static int Retries(RecordingLogger<Migrator> log) => log.Warnings.Count(w => w.Contains("lock not obtained", StringComparison.Ordinal));
}
