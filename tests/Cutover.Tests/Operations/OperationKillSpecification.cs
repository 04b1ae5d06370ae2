using System.Data.Common;
using System.Globalization;
using Cutover.Backfill;
using Cutover.Running;
using Cutover.Tests.Specification;
using Xunit.Abstractions;

namespace Cutover.Tests.Operations;

/// <summary>
/// Crash safety of an operation migration's lifecycle, on a real engine: the real `cutover` tool is killed (SIGKILL)
/// while it expands, backfills, verifies, completes and aborts one operation (a <see cref="KillCase"/>: alter-column,
/// extract-table, rebuild-table) on a table of a few thousand rows, and after every kill the database must be in a
/// state that status explains and a rerun of the same command converges from, to exactly the rows an unkilled run
/// produces.
/// </summary>
public abstract class OperationKillSpecification(ITestOutputHelper output) : IDisposable
{
    private protected const int Rows = 2000;
    private const string Table = "20260101000001";
    private protected const string Op = "20260101000002";

    private readonly List<MigrationsFolder> _folders = [];
    private readonly Random _random = new();

    /// <summary>The folder (holding cutover.json and migrations/) of the lifecycle being killed.</summary>
    private string? _current;

    private protected abstract IDatabaseProvider Provider { get; }

    /// <summary>The operation whose lifecycle is killed, and what must hold for it.</summary>
    private protected abstract KillCase Case { get; }

    /// <summary>What the checkpoints' rows done add up to once every backfill of the expand is over.</summary>
    private long BackfillTotal => (long)Rows * Case.Backfills;

    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>A database on a server that syncs its commits, so a kill lands between a statement and its commit as in production.</summary>
    private protected abstract Task<string> NewCrashTestDatabaseAsync();

    /// <summary>
    /// Holds <c>items</c> the way a long reader of the application does: a runner that reaches a step writing it waits
    /// there (PostgreSQL: the step's lock; SQLite: the step's commit) until the hold is released.
    /// </summary>
    private protected abstract Task<TableHold> HoldItemsAsync(string db);

    /// <summary>
    /// PostgreSQL's hold is a table lock: taken before a runner starts, it lets the runner store its plan and stops it at
    /// the first step. SQLite's hold stops every write, so it is taken once the plan is stored.
    /// </summary>
    private protected abstract bool HoldStopsOnlyTheTable { get; }

    /// <summary>
    /// Once a hold is released: returns when the runner's commit that waited for it went through, so that the next hold
    /// is taken between that step and the next. PostgreSQL needs no wait: a hold asked for at once queues behind the step.
    /// </summary>
    private protected virtual Task WaitForTheHeldCommitAsync(string db, Func<bool> runnerExited) => Task.CompletedTask;

    /// <summary>Whether a runner is waiting for a <see cref="HoldItemsAsync"/> hold right now.</summary>
    private protected abstract Task<bool> RunnerWaitsAsync(string db);

    /// <summary>Sessions of the database other than the caller's (a killed client's server session may outlive it for a moment).</summary>
    private protected virtual Task<long> OtherSessionsAsync(string db) => Task.FromResult(0L);

    /// <summary>What one kill hit, read from the database right after it.</summary>
    private sealed record Kill(string Command, string Moment, string? Phase, MigrationState State, string? HistoryOperation, int? StepsDone, long? RowsDone, string? Detail)
    {
        public override string ToString() =>
            $"{Command,-9} {Moment,-30} phase={Phase ?? "-",-10} state={State,-11} history={HistoryOperation ?? "-"}/{StepsDone?.ToString(CultureInfo.InvariantCulture) ?? "-"} rows_done={RowsDone?.ToString(CultureInfo.InvariantCulture) ?? "-"}";
    }

    [Fact]
    public async Task Twenty_kills_across_expand_backfill_verify_complete_and_abort_each_leave_an_explained_state_that_a_rerun_converges_from()
    {
        var kills = new List<Kill>();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        void Lap(string what) => output.WriteLine($"{clock.ElapsedMilliseconds,7} ms  {what}");

        // Lifecycle 1: expand (with its backfill), verify, complete — killed in each.
        var (folder, db) = await NewLifecycleAsync();
        var expected = await UnkilledAsync(complete: true);
        Lap($"{Case}: set up, unkilled reference run");
        kills.Add(await KillBeforeTheFirstExpandStepAsync(folder, db));
        for (var i = 0; i < 6; i++)
            kills.Add(await KillMidBackfillAsync(folder, db));
        // A kind whose expand runs more backfills (extract-table): a kill inside each later one too, which the kills
        // above, all in the first, never reach.
        for (var later = 1; later < Case.Backfills; later++)
            kills.Add(await KillMidBackfillAsync(folder, db, after: (long)Rows * later));
        Lap("up killed");
        await RunToEndAsync(folder, "up", "--connection", db);
        await AssertExpandedAsync(db);
        Lap("up rerun to its end");
        for (var i = 0; i < 4; i++)
            kills.Add(await KillMidVerifyAsync(folder, db));
        Lap("verify killed");
        await RunToEndAsync(folder, "verify", Op, "--batch", "50", "--connection", db);
        Lap("verify rerun to its end");
        for (var i = 0; i < 3; i++)
            kills.Add(await KillWhileHeldAsync(folder, db, "complete"));
        var between = await KillBetweenCompleteStepsAsync(folder, db);
        kills.AddRange(between);
        if ((await PhaseAsync(db)).Phase == "completed")
            await RunRefusedAsync(folder, "completed already", "complete", Op, "--connection", db);
        else
            await RunToEndAsync(folder, "complete", Op, "--connection", db);
        Assert.Equal(("completed", MigrationState.Applied), await PhaseAsync(db));
        Lap("complete killed and rerun to its end");
        foreach (var (query, rows) in Case.Completed.Zip(expected))
            Assert.Equal(rows, await DumpAsync(db, query));

        // Lifecycle 2: expand, then abort while its backfill is half-way — killed in both.
        var (abortFolder, abortDb) = await NewLifecycleAsync();
        var original = await UnkilledAsync(complete: false);
        // Twenty kills in all (at least two here, so that the abort meets a half-done backfill).
        for (var i = Math.Min(kills.Count, 15); i < 17; i++)
            kills.Add(await KillMidBackfillAsync(abortFolder, abortDb));
        for (var i = 0; i < 3; i++)
            kills.Add(await KillWhileHeldAsync(abortFolder, abortDb, "abort"));
        Lap("second lifecycle: up and abort killed");
        await RunToEndAsync(abortFolder, "abort", Op, "--connection", abortDb);
        Lap("abort rerun to its end");
        Assert.Equal((null, MigrationState.Pending), await PhaseAsync(abortDb));
        Assert.Equal(Assert.Single(original), await DumpAsync(abortDb, "SELECT * FROM items ORDER BY id"));
        foreach (var table in Case.AbortDrops)
            Assert.False(await TableExistsAsync(abortDb, table), $"abort left {table}");
        Assert.Equal(0, await CountAsync(abortDb, "SELECT count(*) FROM cutover_operation"));
        Assert.Equal(0, await CountAsync(abortDb, "SELECT count(*) FROM cutover_backfill"));

        foreach (var kill in kills)
            output.WriteLine(kill.ToString());
        if (Case.CompleteCommitsBeforeTheHold)
        {
            // Its validation commits before the transaction that waits for the hold: every kill there leaves it
            // completing (the transaction, archive and drops, not begun), and only complete leaves that.
            Assert.Contains(kills, k => k.Command == "complete" && k.Phase == "completing");
            Assert.DoesNotContain(kills, k => k.Command == "complete" && k.Phase == "expanded");
            Assert.All(kills.Where(k => k.Phase == "completing"), k => Assert.Equal("complete", k.Command));
        }
        else
        {
            // This complete is one transaction (no constraint to validate first): a kill in it leaves the expanded state
            // whole, never a half-contracted table.
            Assert.Contains(kills, k => k.Command == "complete" && k.Phase == "expanded");
            Assert.DoesNotContain(kills, k => k.Phase == "completing");
        }
        Assert.True(kills.Count >= 20, $"only {kills.Count} kills landed");
        // Every kill hit a runner at work, in at least three different phases of the lifecycle.
        var moments = kills.Select(k => k.Moment.Split(':')[0]).Distinct().ToList();
        Assert.True(moments.Count >= 3, "kills hit only " + string.Join(", ", moments));
        // Inside each backfill: not before its first batch, not after its last.
        for (var backfill = 0L; backfill < Case.Backfills; backfill++)
        {
            var (from, to) = (backfill * Rows, (backfill + 1) * Rows);
            Assert.Contains(kills, k => k.Phase == "expanding" && k.RowsDone > from && k.RowsDone < to);
        }
    }

    /// <summary>A database with the table (applied, unkilled) and the operation migration waiting to be applied.</summary>
    private async Task<(string Folder, string Db)> NewLifecycleAsync()
    {
        var files = NewFolder();
        var db = await NewCrashTestDatabaseAsync();
        await NewMigrator(files, db).UpAsync();
        WriteOperation(files);
        // Small batches with a pause: the backfill takes seconds (two at least), so a kill can land inside it even when an
        // earlier kill came late.
        File.WriteAllText(Path.Combine(files.Root, "cutover.json"),
            """{ "migrations": "migrations", "backfill": { "initialBatch": 10, "minBatch": 10, "maxBatch": 10, "pauseMs": 10 } }""");
        _current = files.Root;
        return (files.Root, db);
    }

    /// <summary>What the same lifecycle leaves when nothing kills it: the rows of the case's queries after complete, or of <c>items</c> after abort.</summary>
    private async Task<List<string>> UnkilledAsync(bool complete)
    {
        var files = NewFolder();
        var db = await NewDatabaseAsync();
        await NewMigrator(files, db).UpAsync();
        WriteOperation(files);
        var migrator = NewMigrator(files, db);
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync(Op)).Clean);
        if (!complete)
        {
            await migrator.AbortAsync(Op);
            return [await DumpAsync(db, "SELECT * FROM items ORDER BY id")];
        }
        await migrator.CompleteAsync(Op);
        var dumps = new List<string>();
        foreach (var query in Case.Completed)
            dumps.Add(await DumpAsync(db, query));
        return dumps;
    }

    private MigrationsFolder NewFolder()
    {
        var files = new MigrationsFolder();
        _folders.Add(files);
        files.Write(Table, "items", $"-- cutover:up\n{Case.Table}\n-- cutover:down\nDROP TABLE items;\n");
        return files;
    }

    private void WriteOperation(MigrationsFolder files) => files.Write(Op, Case.Kind.Replace('-', '_'), $"-- cutover:op {Case.Directive}\n");

    private Migrator NewMigrator(MigrationsFolder files, string db) =>
        new(new CutoverOptions { ConnectionString = db, MigrationsFolder = files.Folder }, Provider);

    private Migrator NewMigrator(string folder, string db) =>
        new(new CutoverOptions { ConnectionString = db, MigrationsFolder = Path.Combine(folder, "migrations") }, Provider);

    /// <summary>
    /// Kills `up` once it has stored the plan of the expand and waits at the first step (held), so that the plan is in
    /// <c>cutover_operation</c> while no step committed: a rerun must run that plan. (On SQLite the hold is taken once the
    /// plan is seen, and the step may get through first: then the kill lands in the backfill, and says so.)
    /// </summary>
    private async Task<Kill> KillBeforeTheFirstExpandStepAsync(string folder, string db)
    {
        var hold = HoldStopsOnlyTheTable ? await HoldItemsAsync(db) : null;
        using var runner = KilledRunner.Start(folder, "up", "--connection", db);
        try
        {
            if (hold is null)
            {
                await WaitUntilAsync(async () => runner.HasExited || await CountAsync(db, "SELECT count(*) FROM cutover_operation") > 0);
                hold = await HoldItemsAsync(db);
            }
            await WaitUntilAsync(async () => runner.HasExited || await RunnerWaitsAsync(db));
            // Only the hold's own connection can read while a SQLite runner waits for it.
            Assert.Equal(1L, Convert.ToInt64(await hold.ScalarAsync("SELECT count(*) FROM cutover_operation"), CultureInfo.InvariantCulture));
            var kill = await KillAsync(runner, "up", "expand", db, hold);
            hold = null;
            Assert.Equal("expanding", kill.Phase);
            if (kill.HistoryOperation is not null)
                return kill with { Moment = $"expand: held after step {kill.StepsDone}" };
            Assert.Equal(MigrationState.Pending, kill.State);
            Assert.Contains("its plan is stored but none of its steps committed", kill.Detail);
            return kill with { Moment = "expand: plan stored, step 1 held" };
        }
        finally
        {
            if (hold is not null)
                await hold.DisposeAsync();
        }
    }

    /// <summary>
    /// Kills `up` a few milliseconds after it visibly moved the backfill's checkpoint (past <paramref name="after"/>
    /// rows done in all, to reach a later backfill).
    /// </summary>
    private async Task<Kill> KillMidBackfillAsync(string folder, string db, long after = 0)
    {
        var before = Math.Max(await RowsDoneAsync(db) ?? 0, after);
        using var runner = KilledRunner.Start(folder, "up", "--connection", db);
        await WaitUntilAsync(async () => runner.HasExited || await RowsDoneAsync(db) > before);
        await Task.Delay(_random.Next(0, 15));
        var kill = await KillAsync(runner, "up", "backfill", db);
        Assert.Equal("expanding", kill.Phase);
        Assert.InRange(kill.RowsDone!.Value, before + 1, BackfillTotal - 1);
        Assert.Contains("in its backfill", kill.Detail);
        // A batch commits with its checkpoint: exactly the rows done are backfilled, each derived from its old values.
        foreach (var check in Case.Backfilled)
            Assert.True(await CountAsync(db, check) == 0, $"after a kill at {kill.RowsDone} rows done: {check}");
        return kill;
    }

    /// <summary>
    /// Kills `verify` (one key per batch, so it takes a while) a random moment after it logged that it read the plan.
    /// A verify that finished first is not a kill: it is run again. So is one the kill caught after it recorded its
    /// result (SQLite's verify is over in a few hundred milliseconds), once that result is seen to be a whole one.
    /// </summary>
    private async Task<Kill> KillMidVerifyAsync(string folder, string db)
    {
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var verifiedBefore = await ScalarAsync(db, $"SELECT verified_at FROM cutover_operation WHERE migration_id = '{Op}'");
            using var runner = KilledRunner.Start(folder, "verify", Op, "--batch", "1", "--verbose", "--connection", db);
            await WaitUntilAsync(() => Task.FromResult(runner.HasExited || runner.Printed("history row(s)")));
            await Task.Delay(_random.Next(0, 300));
            if (runner.HasExited)
                continue;
            await runner.KillAsync();
            // It can still finish between that look and the kill (its process exiting 0, seen on SQLite): no kill either.
            if (runner.ExitCode == 0)
                continue;
            var kill = await ReadKillAsync("verify", "verify", db);
            Assert.Equal("expanded", kill.Phase);
            if (!Equals(verifiedBefore, await ScalarAsync(db, $"SELECT verified_at FROM cutover_operation WHERE migration_id = '{Op}'")))
            {
                // Recorded, then killed on its way out: only a result over every row, clean, may have been recorded (every
                // row of each table the kind compares: extract-table compares two, so 2 x Rows).
                var recorded = (string)(await ScalarAsync(db, $"SELECT verify_rows || ',' || verify_mismatches FROM cutover_operation WHERE migration_id = '{Op}'"))!;
                var (rows, mismatches) = (long.Parse(recorded.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture), recorded.Split(',')[1]);
                Assert.True(rows > 0 && rows % Rows == 0 && mismatches == "0", $"a verify killed after it recorded left {recorded}, not a clean result over every row ({Rows} per table)");
                output.WriteLine("verify recorded its result before the kill: not a kill mid-verify");
                continue;
            }
            return kill;
        }
        throw new InvalidOperationException("verify finished before every kill");
    }

    /// <summary>Kills <paramref name="command"/> (complete or abort) while one of its steps waits for a hold on the table.</summary>
    private async Task<Kill> KillWhileHeldAsync(string folder, string db, string command)
    {
        var before = await PhaseAsync(db);
        await using var hold = await HoldItemsAsync(db);
        using var runner = KilledRunner.Start(folder, command, Op, "--connection", db);
        await WaitUntilAsync(async () => runner.HasExited || await RunnerWaitsAsync(db));
        await Task.Delay(_random.Next(0, 100));
        var kill = await KillAsync(runner, command, $"{command}: step held", db, hold);
        if (command == "complete" && Case.CompleteCommitsBeforeTheHold)
        {
            // The steps before the held one committed: completing, resumable, and the held transaction (which makes
            // the archive) left nothing.
            Assert.Equal(("completing", MigrationState.Interrupted), (kill.Phase, kill.State));
            Assert.Contains("completing it again resumes it", kill.Detail);
            Assert.False(await TableExistsAsync(db, $"cutover_archive_{Op}_items"), "the held complete step left its archive");
            if (before.Phase == "expanded")
                await AssertApplyAndRollbackRefuseAsync(folder, db);
            return kill;
        }
        // The step did not commit: the migration is where it was, and stays explained.
        Assert.Equal(before, (kill.Phase, kill.State));
        return kill;
    }

    /// <summary>
    /// Kills `complete` after its first step committed and before its last: the hold is released once, so the first
    /// step gets through, and asked for again at once, so a later one waits. On PostgreSQL the new hold queues behind the
    /// step's lock; on SQLite it is taken the moment the step's journal is gone (committed) — rarely, the runner is still
    /// caught at its first step, or gets past (it completed). Such a kill is counted
    /// as what it hit, and `complete` is started again, until one kill lands between two steps (or complete finished).
    /// </summary>
    private async Task<List<Kill>> KillBetweenCompleteStepsAsync(string folder, string db)
    {
        var kills = new List<Kill>();
        for (var run = 0; run < 5; run++)
        {
            var hold = await HoldItemsAsync(db);
            using var runner = KilledRunner.Start(folder, "complete", Op, "--connection", db);
            try
            {
                await WaitUntilAsync(async () => runner.HasExited || await RunnerWaitsAsync(db));
                for (var attempt = 0; attempt < 20 && !runner.HasExited; attempt++)
                {
                    await hold.DisposeAsync();
                    await WaitForTheHeldCommitAsync(db, () => runner.HasExited);
                    hold = await HoldItemsAsync(db);
                    await WaitUntilAsync(async () => runner.HasExited || await RunnerWaitsAsync(db));
                    if (runner.HasExited || Convert.ToString(await hold.ScalarAsync($"SELECT operation FROM cutover_history WHERE id = '{Op}'"), CultureInfo.InvariantCulture) == "complete")
                        break;
                }
                if (runner.HasExited)
                {
                    output.WriteLine("complete got through between two holds: no kill between its steps");
                    return kills;
                }
                var kill = await KillAsync(runner, "complete", "complete: between steps", db, hold);
                hold = null;
                switch (kill.Phase)
                {
                    case "expanded":
                        // Caught at its first step again: nothing committed; try again.
                        kills.Add(kill with { Moment = "complete: step held" });
                        continue;
                    case "completed":
                        // Caught after its last step, recording the schema: nothing left to resume.
                        kills.Add(kill with { Moment = "complete: after its last step" });
                        return kills;
                }
                Assert.Equal(("completing", MigrationState.Interrupted), (kill.Phase, kill.State));
                Assert.Contains("completing it again resumes it", kill.Detail);
                await AssertApplyAndRollbackRefuseAsync(folder, db);
                kills.Add(kill);
                return kills;
            }
            finally
            {
                if (hold is not null)
                    await hold.DisposeAsync();
            }
        }
        return kills;
    }

    /// <summary>While a complete is unfinished, up and down refuse (nothing changes) and say to complete again.</summary>
    private async Task AssertApplyAndRollbackRefuseAsync(string folder, string db)
    {
        var before = await DumpAsync(db, $"SELECT id, state, operation, steps_done, statements_done FROM cutover_history ORDER BY id");
        var migrator = NewMigrator(folder, db);
        var up = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.UpAsync());
        Assert.Equal(MigrationConflict.CompleteUnfinished, up.Conflict);
        Assert.Contains("the complete of migration", up.Message);
        var down = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.DownAsync());
        Assert.Equal(MigrationConflict.CompleteUnfinished, down.Conflict);
        Assert.Equal(MigrationConflict.CompleteUnfinished, Assert.Single((await migrator.ValidateAsync()).Issues).Conflict);
        // The CLI says what to run.
        Assert.Equal($"run `cutover complete {Op}` again: it resumes at the step that did not finish", up.Hint);
        Assert.Equal(up.Hint, down.Hint);
        Assert.Equal(before, await DumpAsync(db, $"SELECT id, state, operation, steps_done, statements_done FROM cutover_history ORDER BY id"));
    }

    /// <summary>Kills a runner that is still at work, releases the hold it waited for, and reads what the kill left.</summary>
    private async Task<Kill> KillAsync(KilledRunner runner, string command, string moment, string db, TableHold? hold = null)
    {
        Assert.False(runner.HasExited, $"{command} ended before the kill ({moment}): {runner.Output}");
        await runner.KillAsync();
        Assert.NotEqual(0, runner.ExitCode);
        return await ReadKillAsync(command, moment, db, hold);
    }

    /// <summary>Once a runner is killed: releases the hold it waited for and reads what the kill left.</summary>
    private async Task<Kill> ReadKillAsync(string command, string moment, string db, TableHold? hold = null)
    {
        if (hold is not null)
            await hold.DisposeAsync();
        // The killed client's server session ends once it notices: read after it is gone.
        await WaitUntilAsync(async () => await OtherSessionsAsync(db) == 0);

        // Status explains whatever the kill left, and the old shape is whole: every row, with its old value.
        var m = (await NewMigrator(_current!, db).StatusAsync()).Migrations.Single(x => x.Id == Op);
        Assert.NotEqual(MigrationState.Failed, m.State);
        if (m.State is MigrationState.Interrupted or MigrationState.Backfilling || m.Phase is "expanding" or "completing" or "aborting")
            Assert.Contains(" again ", m.Detail ?? "");
        Assert.Equal(Rows, await CountAsync(db, "SELECT count(DISTINCT id) FROM items"));
        Assert.Equal(Rows, await CountAsync(db, "SELECT count(*) FROM items"));

        string? operation = null;
        int? steps = null;
        await using (var connection = await Provider.OpenAsync(db, forReading: false, CancellationToken.None))
        await using (var read = connection.CreateCommand())
        {
            read.CommandText = $"SELECT operation, steps_done FROM cutover_history WHERE id = '{Op}'";
            await using var reader = await read.ExecuteReaderAsync();
            if (await reader.ReadAsync())
                (operation, steps) = (reader.GetString(0), Convert.ToInt32(reader.GetValue(1), CultureInfo.InvariantCulture));
        }
        return new Kill(command, moment, m.Phase, m.State, operation, steps, await RowsDoneAsync(db), m.Detail);
    }

    private async Task RunToEndAsync(string folder, params string[] args)
    {
        using var runner = KilledRunner.Start(folder, args);
        await runner.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.True(runner.ExitCode == 0, $"cutover {args[0]} exited {runner.ExitCode}: {runner.Output}");
    }

    /// <summary>Runs a command that must refuse, with a message saying why.</summary>
    private static async Task RunRefusedAsync(string folder, string message, params string[] args)
    {
        using var runner = KilledRunner.Start(folder, args);
        await runner.WaitForExitAsync(TimeSpan.FromSeconds(120));
        Assert.True(runner.ExitCode != 0 && runner.Printed(message), $"cutover {args[0]} exited {runner.ExitCode}: {runner.Output}");
    }

    private async Task AssertExpandedAsync(string db) => Assert.Equal(("expanded", MigrationState.Applied), await PhaseAsync(db));

    private async Task<(string? Phase, MigrationState State)> PhaseAsync(string db)
    {
        var m = (await NewMigrator(_current!, db).StatusAsync()).Migrations.Single(x => x.Id == Op);
        return (m.Phase, m.State);
    }

    /// <summary>The rows done of the expand's backfills added up (extract-table runs two, one after the other); null before the first.</summary>
    private async Task<long?> RowsDoneAsync(string db) =>
        await TableExistsAsync(db, "cutover_backfill") && await ScalarAsync(db, $"SELECT sum(rows_done) FROM cutover_backfill WHERE migration_id = '{Op}'") is { } done and not DBNull
            ? Convert.ToInt64(done, CultureInfo.InvariantCulture)
            : null;

    private async Task<object?> ScalarAsync(string db, string sql)
    {
        await using var connection = await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private async Task<long> CountAsync(string db, string sql) => Convert.ToInt64(await ScalarAsync(db, sql), CultureInfo.InvariantCulture);

    private async Task<bool> TableExistsAsync(string db, string table)
    {
        try
        {
            await ScalarAsync(db, $"SELECT count(*) FROM {table} WHERE 1 = 0");
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>Every row of <paramref name="sql"/> as text, with the column names first: what two runs compare row by row.</summary>
    private async Task<string> DumpAsync(string db, string sql)
    {
        await using var connection = await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var text = new System.Text.StringBuilder(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName))).Append('\n');
        while (await reader.ReadAsync())
            text.Append(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)))).Append('\n');
        return text.ToString();
    }

    private protected static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException("condition not met within 60 s");
            await Task.Delay(5);
        }
    }

    /// <summary>A connection holding <c>items</c> in an open transaction; it can still read, whatever waits for it.</summary>
    private protected sealed class TableHold(DbConnection connection, DbTransaction transaction) : IAsyncDisposable
    {
        public async Task<object?> ScalarAsync(string sql)
        {
            await using var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = sql;
            return await command.ExecuteScalarAsync();
        }

        private bool _released;

        /// <summary>Ends the transaction (and with it the hold); a second call does nothing.</summary>
        public async ValueTask DisposeAsync()
        {
            if (_released)
                return;
            _released = true;
            await transaction.RollbackAsync();
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    public void Dispose()
    {
        foreach (var folder in _folders)
            folder.Dispose();
        GC.SuppressFinalize(this);
    }
}
