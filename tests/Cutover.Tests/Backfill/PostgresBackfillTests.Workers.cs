using Cutover.Backfill;
using Cutover.Running;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Backfill;

/// <summary>Several workers on one PostgreSQL backfill: the key range cut once, each range its own checkpoint, exactly once under kills.</summary>
public sealed partial class PostgresBackfillTests
{
    private const int WorkerRows = 20_000;

    /// <summary>A table of <see cref="WorkerRows"/> rows whose backfill counts each visit (n) and records who made it (pid) and when.</summary>
    private void WriteCountingBackfill(string directive = "batch=250")
    {
        Files.Write("20260101000001", "fill", $"""
            -- cutover:up
            CREATE TABLE items (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0, pid integer, at timestamptz);
            INSERT INTO items (id) SELECT x * 3 FROM generate_series(1, {WorkerRows}) x;
            ANALYZE items;
            -- cutover:backfill items {directive}
            UPDATE items SET n = n + 1, pid = pg_backend_pid(), at = clock_timestamp() WHERE {"{batch}"};
            -- cutover:down
            DROP TABLE items;
            """);
    }

    /// <summary>How many ranges have done a batch; 0 before the backfill is cut (or the range table exists).</summary>
    private async Task<long> RangesUnderWayAsync(string db)
    {
        try
        {
            return await CountAsync(db, "SELECT count(*) FROM cutover_backfill_range WHERE rows_done > 0");
        }
        catch (Npgsql.PostgresException e) when (e.SqlState == "42P01")
        {
            return 0;
        }
    }

    [Fact]
    public async Task Two_workers_cut_the_keys_in_two_and_walk_both_ranges_at_once_on_two_connections_each_row_once()
    {
        var db = await NewDatabaseAsync();
        WriteCountingBackfill();

        await NewMigrator(db, new BackfillOptions { Workers = 2 }).UpAsync();

        Assert.Equal(WorkerRows, await CountAsync(db, "SELECT count(*) FROM items WHERE n = 1"));
        Assert.Equal(WorkerRows, await CountAsync(db, "SELECT sum(n) FROM items"));
        // Two backends did the work, and their batches overlapped in time: side by side, not one after the other.
        Assert.Equal(2, await CountAsync(db, "SELECT count(DISTINCT pid) FROM items"));
        Assert.Equal(1, await CountAsync(db, """
            SELECT count(*) FROM (SELECT pid, min(at) AS a, max(at) AS b FROM items GROUP BY pid) x
            JOIN (SELECT pid, min(at) AS a, max(at) AS b FROM items GROUP BY pid) y ON x.pid < y.pid AND x.a < y.b AND y.a < x.b
            """));

        var done = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Done, (long)WorkerRows), (done.State, done.RowsDone));
        Assert.Equal(done.Batches, done.Ranges.Sum(r => r.Batches));
        Assert.Equal("[\"i:60000\"]", done.Position);
        // The ranges meet without a gap or an overlap and cover the table from its first key to its last.
        var (first, second) = (done.Ranges[0], done.Ranges[1]);
        Assert.Equal((1, (string?)null, 2, (string?)null), (first.Worker, first.From, second.Worker, second.To));
        Assert.Equal(first.To, second.From);
        Assert.All(done.Ranges, r => Assert.Equal(BackfillStates.Done, r.State));
        // Cut from the keys' real distribution (a sample of the table), each range holds about half.
        Assert.InRange(first.RowsDone, WorkerRows * 3 / 10, WorkerRows * 7 / 10);
        Assert.Equal(await CountAsync(db, $"SELECT count(*) FROM items WHERE id <= {KeyPosition.Read(first.To!)[0]}"), first.RowsDone);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM cutover_log WHERE action = 'backfill' AND outcome = 'split' AND detail LIKE '%2 ranges for 2 workers: range 1: \"id\" <= %; range 2: \"id\" > %'"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM cutover_log WHERE action = 'backfill' AND outcome = 'done' AND detail LIKE '%over 2 ranges%'"));
    }

    [Fact]
    public async Task While_workers_run_status_counts_every_range_and_shows_each_one_and_the_cli_lists_them()
    {
        var db = await NewDatabaseAsync();
        WriteCountingBackfill("batch=200 pause=40");

        var run = Task.Run(() => NewMigrator(db, new BackfillOptions { Workers = 2 }).UpAsync());
        await WaitUntilAsync(async () => run.IsCompleted || await RangesUnderWayAsync(db) == 2);
        var running = await CheckpointAsync(db);
        await run;

        Assert.Equal((BackfillStates.Running, 2), (running.State, running.Ranges.Count));
        Assert.True(running.RowsDone > 0 && running.RowsDone < WorkerRows, $"rows done {running.RowsDone}");
        Assert.Equal(running.Ranges.Sum(r => r.RowsDone), running.RowsDone);
        Assert.Null(running.Position);
        Assert.All(running.Ranges, r => Assert.NotNull(r.PositionText));

        using var status = CliProcess.Start(Files.Root, "backfill", "status", "--connection", db);
        var output = await status.StandardOutput.ReadToEndAsync();
        await status.WaitForExitAsync();
        var to = (await CheckpointAsync(db)).Ranges[0].To!;
        var cut = KeyPosition.Read(to)[0];
        Assert.Equal(0, status.ExitCode);
        Assert.Matches($@"range 1\s*│\s*""id"" <= {cut}\s*│\s*done", output);
        Assert.Matches($@"range 2\s*│\s*""id"" > {cut}\s*│\s*done", output);
    }

    [Fact]
    public async Task A_failing_range_fails_the_backfill_naming_its_batch_and_a_rerun_finishes_every_range_once()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "fill", $"""
            -- cutover:up
            CREATE TABLE factors (id integer PRIMARY KEY, f integer NOT NULL);
            INSERT INTO factors SELECT x, x * 2 FROM generate_series(1, {WorkerRows - 1000}) x;
            CREATE TABLE items (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0, v integer);
            INSERT INTO items (id) SELECT x FROM generate_series(1, {WorkerRows}) x;
            ANALYZE items;
            -- cutover:backfill items batch=500
            UPDATE items SET n = n + 1, v = (SELECT f FROM factors WHERE factors.id = items.id) + 0 * (1 / (SELECT count(*) FROM factors WHERE factors.id = items.id))
            WHERE {"{batch}"};
            -- cutover:down
            DROP TABLE items;
            DROP TABLE factors;
            """);

        var error = await Assert.ThrowsAsync<BackfillException>(() => NewMigrator(db, new BackfillOptions { Workers = 2 }).UpAsync());

        Assert.Equal(BackfillProblem.BatchFailed, error.Problem);
        var failed = await CheckpointAsync(db);
        Assert.Equal(BackfillStates.Failed, failed.State);
        Assert.Matches(@"^range 2 batch \d+ \(""id"" > \d+ AND ""id"" <= \d+\) failed: .*division by zero", failed.Error);
        Assert.Equal(BackfillStates.Failed, failed.Ranges[1].State);
        Assert.Equal(failed.RowsDone, await CountAsync(db, "SELECT count(*) FROM items WHERE n = 1"));

        await ScalarAsync(db, $"INSERT INTO factors SELECT x, x * 2 FROM generate_series({WorkerRows - 999}, {WorkerRows}) x");
        await NewMigrator(db, new BackfillOptions { Workers = 2 }).UpAsync();

        Assert.Equal(WorkerRows, await CountAsync(db, "SELECT count(*) FROM items WHERE n = 1 AND v = id * 2"));
        Assert.Equal((BackfillStates.Done, (long)WorkerRows), ((await CheckpointAsync(db)).State, (await CheckpointAsync(db)).RowsDone));
    }

    [Fact]
    public async Task Runners_with_two_workers_killed_ten_times_mid_backfill_lose_and_repeat_no_batch()
    {
        var db = await NewCrashTestDatabaseAsync();
        const int Kills = 10;
        WriteCountingBackfill("batch=40 pause=5");
        File.WriteAllText(Path.Combine(Files.Root, "cutover.json"), """{ "migrations": "migrations", "backfill": { "workers": 2 } }""");
        var random = new Random();
        var interrupted = 0;
        var rowsDone = 0L;
        // Rows the batches visited against rows their checkpoints say are done — the backfill's own row before the cut,
        // plus every range's — read in one statement, so both come from one snapshot.
        const string Unaccounted = """
            SELECT (SELECT count(*) FROM items WHERE n = 1) - (SELECT rows_done FROM cutover_backfill)
                   - (SELECT coalesce(sum(rows_done), 0) FROM cutover_backfill_range)
            """;

        for (var kill = 0; kill < Kills; kill++)
        {
            var before = rowsDone;
            var wasRunning = await KillUpMidBackfillAsync(db, before, random);

            var at = await CheckpointAsync(db);
            Assert.Equal(0, await CountAsync(db, Unaccounted));
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM items WHERE n > 1"));
            if (wasRunning && at.State == BackfillStates.Running && at.Ranges.Count == 2 && at.RowsDone > before && at.RowsDone < WorkerRows)
                interrupted++;
            rowsDone = at.RowsDone;
        }
        await NewMigrator(db).UpAsync();

        // Every kill landed mid-backfill with both ranges cut, and the rerun (with one worker: the ranges stay) finished them.
        Assert.Equal(Kills, interrupted);
        Assert.Equal(WorkerRows, await CountAsync(db, "SELECT count(*) FROM items WHERE n = 1"));
        Assert.Equal(WorkerRows, await CountAsync(db, "SELECT sum(n) FROM items"));
        var done = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Done, (long)WorkerRows, 2), (done.State, done.RowsDone, done.Ranges.Count));
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
    }

    [Fact]
    public async Task Pausing_a_backfill_stops_every_worker_and_resuming_lets_them_finish()
    {
        var db = await NewDatabaseAsync();
        WriteCountingBackfill("batch=100 pause=20");
        var migrator = NewMigrator(db, new BackfillOptions { Workers = 2 });

        var run = Task.Run(() => migrator.UpAsync(new UpOptions { DeferBackfills = true }));
        await run;
        var worker = Task.Run(() => NewMigrator(db, new BackfillOptions { Workers = 2 }).RunBackfillsAsync(once: true, null, CancellationToken.None));
        await WaitUntilAsync(async () => worker.IsCompleted || await RangesUnderWayAsync(db) == 2);
        await migrator.PauseBackfillAsync("20260101000001");
        var paused = Assert.Single(await worker);

        Assert.Equal(BackfillStates.Paused, paused.State);
        var frozen = await CountAsync(db, "SELECT sum(n) FROM items");
        await Task.Delay(300);
        Assert.Equal(frozen, await CountAsync(db, "SELECT sum(n) FROM items"));
        Assert.InRange(frozen, 1, WorkerRows - 1);

        await migrator.ResumeBackfillAsync("20260101000001");
        await NewMigrator(db, new BackfillOptions { Workers = 2 }).RunBackfillsAsync(once: true, null, CancellationToken.None);

        Assert.Equal(WorkerRows, await CountAsync(db, "SELECT count(*) FROM items WHERE n = 1"));
        Assert.Equal(BackfillStates.Done, (await CheckpointAsync(db)).State);
    }
}
