using System.Diagnostics;
using Cutover.Backfill;
using Cutover.Running;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Backfill;

/// <summary>
/// What a running backfill does when something outside it steps in between two batches — a pause, a cancel, another
/// runner, a vanished checkpoint or table, a database under pressure — and how a failed batch names its range.
/// </summary>
public abstract partial class BackfillSpecification
{
    /// <summary>100 rows walked 10 at a time, then a step that must only run once the backfill is done.</summary>
    private string WriteTenBatches()
    {
        return Files.Write("20260101000001", "steered", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM {Series(100)};
            -- cutover:backfill k batch=10
            UPDATE k SET v = 1 WHERE {"{batch}"};
            -- cutover:up
            CREATE TABLE after_backfill (id integer);
            -- cutover:down
            DROP TABLE after_backfill;
            DROP TABLE k;
            """);
    }

    /// <summary>Runs <c>up</c>, calling <paramref name="onBackfill"/> on the runner's own thread as each batch or wait is reported.</summary>
    private Task<RunResult> UpSteeredAsync(string db, Action<Backfilled> onBackfill, BackfillOptions? options = null, IDatabaseProvider? provider = null) =>
        NewMigrator(db, options, provider: provider).UpAsync(new UpOptions
        {
            Progress = new SynchronousProgress<RunEvent>(e =>
            {
                if (e is BackfillBatch batch)
                    onBackfill(new Backfilled(batch.Status, null));
                else if (e is BackfillWaiting wait)
                    onBackfill(new Backfilled(wait.Status, wait.Reason));
            }),
        });

    /// <summary>A backfill's batch (<paramref name="Waiting"/> null) or wait, as the steering tests look at both.</summary>
    private sealed record Backfilled(BackfillStatus Status, string? Waiting);

    private static bool AfterBatch(Backfilled p, int batches) =>
        p.Waiting is null && p.Status.State == BackfillStates.Running && p.Status.Batches == batches;

    [Fact]
    public async Task A_backfill_paused_while_up_runs_it_runs_no_batch_polls_once_a_second_and_goes_on_when_resumed()
    {
        var db = await NewDatabaseAsync();
        WriteTenBatches();
        var waits = new List<(long Batches, string Waiting, long AtMs)>();
        var clock = Stopwatch.StartNew();

        var result = await UpSteeredAsync(db, p =>
        {
            if (AfterBatch(p, 3) && waits.Count == 0)
                NewMigrator(db).PauseBackfillAsync(p.Status.Id).GetAwaiter().GetResult();
            if (p.Waiting is not null)
            {
                waits.Add((p.Status.Batches, p.Waiting, clock.ElapsedMilliseconds));
                if (waits.Count == 2)
                    NewMigrator(db).ResumeBackfillAsync(p.Status.Id).GetAwaiter().GetResult();
            }
        });

        var done = await CheckpointAsync(db);
        Assert.Equal(2, waits.Count);
        Assert.All(waits, w => Assert.Equal(3, w.Batches));
        Assert.All(waits, w => Assert.Equal($"paused (pause by {Environment.UserName} on {Environment.MachineName}); waiting to be resumed", w.Waiting));
        Assert.InRange(waits[1].AtMs - waits[0].AtMs, 900, 60_000);
        Assert.Equal((BackfillStates.Done, 10L, 100L), (done.State, done.Batches, done.RowsDone));
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
        Assert.Single(result.Migrations);
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM after_backfill"));
    }

    [Fact]
    public async Task A_backfill_cancelled_while_up_runs_it_stops_its_migration_at_that_step()
    {
        var db = await NewDatabaseAsync();
        var path = WriteTenBatches();

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => UpSteeredAsync(db, p =>
        {
            if (AfterBatch(p, 3))
                NewMigrator(db).CancelBackfillAsync(p.Status.Id).GetAwaiter().GetResult();
        }));

        var cancelled = await CheckpointAsync(db);
        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.Equal($"{path}:4: backfill {cancelled.Id} was cancelled after 30 row(s), at 30", error.Message);
        Assert.Equal((BackfillStates.Cancelled, 3L), (cancelled.State, cancelled.Batches));
        Assert.Equal(MigrationState.Interrupted, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM cutover_history WHERE state = 'applied'"));
    }

    [Fact]
    public async Task A_backfill_another_runner_finished_between_two_batches_is_taken_as_done_and_not_logged_twice()
    {
        var db = await NewDatabaseAsync();
        WriteTenBatches();

        var result = await UpSteeredAsync(db, p =>
        {
            if (AfterBatch(p, 2))
                ScalarAsync(db, "UPDATE cutover_backfill SET state = 'done'").GetAwaiter().GetResult();
        });

        Assert.Equal(2, (await CheckpointAsync(db)).Batches);
        Assert.Single(result.Migrations);
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
        // The runner that finished it logs "done"; this one only saw it finished.
        Assert.Equal(["started"], await OutcomesAsync(db));
    }

    [Fact]
    public async Task The_time_the_last_probe_waits_for_its_checkpoint_counts_in_the_elapsed_time()
    {
        var db = await NewDatabaseAsync();
        WriteTenBatches();
        long afterLastBatch = 0;
        Task? released = null;

        await UpSteeredAsync(db, p =>
        {
            if (!AfterBatch(p, 10))
                return;
            afterLastBatch = p.Status.ElapsedMs;
            // Another session holds the checkpoint (a row lock; on SQLite the write lock) for 300 ms: the probe that
            // finds the end waits for it (on PostgreSQL through lock timeouts and retries), and all of it is the backfill's time.
            var holder = Provider.OpenAsync(db, forReading: false, CancellationToken.None).GetAwaiter().GetResult();
            var transaction = holder.BeginTransaction();
            using (var touch = holder.CreateCommand())
            {
                touch.Transaction = transaction;
                touch.CommandText = "UPDATE cutover_backfill SET updated_at = updated_at";
                touch.ExecuteNonQuery();
            }
            released = Task.Run(async () =>
            {
                await Task.Delay(300);
                await transaction.CommitAsync();
                await holder.DisposeAsync();
            });
        });
        await released!;

        var done = await CheckpointAsync(db);
        Assert.Equal(BackfillStates.Done, done.State);
        Assert.InRange(done.ElapsedMs - afterLastBatch, 250, 60_000);
    }

    [Fact]
    public async Task A_backfill_whose_checkpoint_disappears_while_it_runs_fails_saying_so()
    {
        var db = await NewDatabaseAsync();
        WriteTenBatches();
        var id = "";

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => UpSteeredAsync(db, p =>
        {
            if (!AfterBatch(p, 2))
                return;
            id = p.Status.Id;
            ScalarAsync(db, "DELETE FROM cutover_backfill").GetAwaiter().GetResult();
        }));

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.Equal($"backfill {id} disappeared while running (its migration was rolled back?)", error.Message);
        Assert.Equal(20, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
    }

    [Fact]
    public async Task A_first_batch_that_fails_names_its_range_from_the_start()
    {
        var db = await NewDatabaseAsync();
        var path = Files.Write("20260101000001", "first", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer NOT NULL DEFAULT 0);
            INSERT INTO k (id) SELECT x FROM {Series(100)};
            -- cutover:backfill k batch=10
            UPDATE k SET v = NULL WHERE {"{batch}"};
            """);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db).UpAsync());

        Assert.StartsWith($"{path}:4: backfill of {Shown("k")} batch 1 (\"id\" <= 10) failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_of_a_composite_key_that_fails_names_its_range_as_row_values()
    {
        var db = await NewDatabaseAsync();
        var path = Files.Write("20260101000001", "composite", $"""
            -- cutover:up
            CREATE TABLE k (a integer NOT NULL, b integer NOT NULL, v integer NOT NULL DEFAULT 0, PRIMARY KEY (a, b));
            INSERT INTO k (a, b) SELECT 1 + x / 11, x FROM {Series(20)};
            -- cutover:backfill k batch=10
            UPDATE k SET v = CASE WHEN a = 1 THEN 1 END WHERE {"{batch}"};
            """);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db).UpAsync());

        Assert.StartsWith($"{path}:4: backfill of {Shown("k")} batch 2 ((\"a\", \"b\") > (1, 10) AND (\"a\", \"b\") <= (2, 20)) failed: ", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_batch_that_fails_before_it_has_a_range_names_none()
    {
        var db = await NewDatabaseAsync();
        var path = WriteTenBatches();

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => UpSteeredAsync(db, p =>
        {
            if (AfterBatch(p, 1))
                ScalarAsync(db, "DROP TABLE k").GetAwaiter().GetResult();
        }));

        // The next bound could not be read: there is no range to name.
        Assert.StartsWith($"{path}:4: backfill of {Shown("k")} batch 2 failed: ", error.Message, StringComparison.Ordinal);
        Assert.Equal(BackfillStates.Failed, (await CheckpointAsync(db)).State);
    }

    [Fact]
    public async Task A_database_under_pressure_holds_the_backfill_back_logs_it_once_and_counts_the_wait()
    {
        var db = await NewDatabaseAsync();
        WriteTenBatches();
        const string lag = "replica lag 12 s (limit 10 s)";
        var pressured = new ScriptedPressureProvider(Provider, probe => probe <= 3 ? lag : null);
        var reports = new List<(string? Waiting, long Batches)>();
        var clock = Stopwatch.StartNew();
        var reportedAtMs = new List<long>();

        await UpSteeredAsync(db, p =>
        {
            reports.Add((p.Waiting, p.Status.Batches));
            reportedAtMs.Add(clock.ElapsedMilliseconds);
        }, new BackfillOptions { ThrottleWait = TimeSpan.FromMilliseconds(150) }, pressured);

        // Three waits before the first batch, each said; no batch ran while the database was under pressure.
        Assert.Equal(Enumerable.Repeat<(string?, long)>(("throttled: " + lag, 0L), 3), reports.Take(3));
        Assert.Equal<(string?, long)>([.. Enumerable.Range(1, 10).Select(b => ((string?)null, (long)b)), (null, 10L)], reports.Skip(3));
        // Logged once for the whole spell, and the waits are part of the backfill's time (and really waited).
        Assert.Equal(["started", "throttled", "done"], await OutcomesAsync(db));
        Assert.InRange((await CheckpointAsync(db)).ElapsedMs, 450, 60_000);
        Assert.InRange(reportedAtMs[3] - reportedAtMs[0], 430, 60_000);
    }

    [Fact]
    public async Task Pressure_is_looked_at_before_the_first_batch_then_at_most_once_per_throttle_wait()
    {
        var db = await NewDatabaseAsync();
        WriteTenBatches();
        var calm = new ScriptedPressureProvider(Provider, _ => null);

        await NewMigrator(db, new BackfillOptions { ThrottleWait = TimeSpan.FromHours(1) }, provider: calm).UpAsync();

        Assert.Equal(10, (await CheckpointAsync(db)).Batches);
        Assert.Equal(1, calm.Probes);
    }
}
