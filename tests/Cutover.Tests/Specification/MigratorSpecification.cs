using System.Data.Common;
using Cutover.Running;

namespace Cutover.Tests.Specification;

/// <summary>
/// The behaviour every provider must have, written once and inherited by the SQLite and PostgreSQL test
/// classes. Each test gets its own database and its own migrations folder.
/// </summary>
public abstract class MigratorSpecification : IDisposable
{
    private protected readonly MigrationsFolder Files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    /// <summary>A new, empty database for one test.</summary>
    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>A new, empty database for a test that kills a runner: on a server that syncs its commits.</summary>
    private protected virtual Task<string> NewCrashTestDatabaseAsync() => NewDatabaseAsync();

    private protected Migrator NewMigrator(string connection, LockRetryPolicy? retry = null, TimeSpan? lockWait = null) =>
        new(new CutoverOptions
        {
            ConnectionString = connection,
            MigrationsFolder = Files.Folder,
            LockRetry = retry ?? new LockRetryPolicy(),
            LockWait = lockWait ?? TimeSpan.FromSeconds(60),
        }, Provider);

    private protected async Task<DbConnection> OpenAsync(string connection) =>
        await Provider.OpenAsync(connection, forReading: false, CancellationToken.None);

    private protected async Task<object?> ScalarAsync(string connection, string sql)
    {
        await using var c = await OpenAsync(connection);
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private protected async Task<long> CountAsync(string connection, string sql) => Convert.ToInt64(await ScalarAsync(connection, sql));

    private protected async Task<bool> TableExistsAsync(string connection, string table)
    {
        try
        {
            await ScalarAsync(connection, $"SELECT count(*) FROM {table}");
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    /// <summary>A statement that keeps the database busy for a few seconds.</summary>
    private protected abstract string SlowStatement { get; }

    /// <summary>A statement that keeps the database busy for about half a second.</summary>
    private protected abstract string PauseStatement { get; }

    /// <summary>Waits until the database is running <see cref="SlowStatement"/>.</summary>
    private protected abstract Task WaitUntilSlowStatementRunsAsync(string connection);

    /// <summary>
    /// Starts <c>up</c> on <paramref name="connection"/> in a process of its own, for the tests that kill a runner: by
    /// default the real <c>cutover</c> tool, run in <see cref="MigrationsFolder.Root"/> (which holds a cutover.json). A
    /// provider the tool does not ship overrides this with a host of its own.
    /// </summary>
    private protected virtual System.Diagnostics.Process StartRunner(string connection) => CliProcess.Start(Files.Root, "up", "--connection", connection);

    private protected static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(60))
                throw new TimeoutException("condition not met within 60 s");
            await Task.Delay(50);
        }
    }

    /// <summary>Kills a runner that is still working (SIGKILL), failing the test if it had already ended.</summary>
    private protected static async Task KillWhileRunningAsync(System.Diagnostics.Process runner)
    {
        Assert.False(runner.HasExited, "the runner ended before the kill");
        runner.Kill(entireProcessTree: true);
        await runner.WaitForExitAsync();
        Assert.NotEqual(0, runner.ExitCode);
    }

    private protected static MigrationStatus StatusOf(StatusReport report, string id) => report.Migrations.Single(m => m.Id == id);

    [Fact]
    public async Task Up_applies_pending_migrations_in_order_and_records_them()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000002", "b");
        Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);

        var result = await migrator.UpAsync();

        Assert.Equal(["20260101000001", "20260101000002"], result.Migrations.Select(m => m.Id));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM a"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM b"));
        var status = await migrator.StatusAsync();
        Assert.All(status.Migrations, m => Assert.Equal(MigrationState.Applied, m.State));
        Assert.All(status.Migrations, m => Assert.NotNull(m.AppliedAt));
        Assert.Equal(2, await CountAsync(db, "SELECT count(*) FROM cutover_log WHERE action = 'up' AND outcome = 'ok'"));
        Assert.Contains("DROP TABLE b", (string)(await ScalarAsync(db, "SELECT down_script FROM cutover_history WHERE id = '20260101000002'"))!);
    }

    [Fact]
    public async Task Up_on_an_up_to_date_database_does_nothing()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();

        var again = await migrator.UpAsync();

        Assert.Empty(again.Migrations);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM cutover_history"));
    }

    [Fact]
    public async Task Status_on_a_new_database_lists_pending_and_creates_nothing()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");

        var status = await NewMigrator(db).StatusAsync();

        Assert.Equal(MigrationState.Pending, StatusOf(status, "20260101000001").State);
        Assert.False(await TableExistsAsync(db, "cutover_history"));
    }

    [Fact]
    public async Task Up_to_stops_at_the_given_id()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.WriteTable("20260101000002", "b");
        var migrator = NewMigrator(db);

        await migrator.UpAsync(new UpOptions { To = "20260101000001" });

        var status = await migrator.StatusAsync();
        Assert.Equal(MigrationState.Applied, StatusOf(status, "20260101000001").State);
        Assert.Equal(MigrationState.Pending, StatusOf(status, "20260101000002").State);
    }

    [Fact]
    public async Task Dry_run_returns_the_sql_and_changes_nothing()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");

        var result = await NewMigrator(db).UpAsync(new UpOptions { DryRun = true });

        Assert.True(result.DryRun);
        var statements = result.Migrations.Single().Steps.Single().Statements;
        Assert.Equal(2, statements.Count);
        Assert.StartsWith("CREATE TABLE a", statements[0].Text);
        Assert.False(await TableExistsAsync(db, "a"));
        Assert.False(await TableExistsAsync(db, "cutover_history"));
    }

    [Fact]
    public async Task Down_rolls_back_the_newest_and_works_after_the_file_is_gone()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.WriteTable("20260101000002", "b");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Delete("20260101000002", "create_b");

        Assert.Equal(MigrationState.Missing, StatusOf(await migrator.StatusAsync(), "20260101000002").State);
        var result = await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.Equal("20260101000002", result.Migrations.Single().Id);
        Assert.False(await TableExistsAsync(db, "b"));
        Assert.True(await TableExistsAsync(db, "a"));
        var status = await migrator.StatusAsync();
        Assert.DoesNotContain(status.Migrations, m => m.Id == "20260101000002");
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM cutover_log WHERE action = 'down' AND outcome = 'ok'"));
    }

    [Fact]
    public async Task Down_steps_and_to_roll_back_several_newest_first()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.WriteTable("20260101000002", "b");
        Files.WriteTable("20260101000003", "c");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();

        var two = await migrator.DownAsync(new DownOptions { Steps = 2, AcceptDataLoss = true });
        Assert.Equal(["20260101000003", "20260101000002"], two.Migrations.Select(m => m.Id));
        await migrator.UpAsync();
        var to = await migrator.DownAsync(new DownOptions { To = "20260101000001", AcceptDataLoss = true });
        Assert.Equal(["20260101000003", "20260101000002"], to.Migrations.Select(m => m.Id));
        Assert.True(await TableExistsAsync(db, "a"));
        Assert.False(await TableExistsAsync(db, "b"));
    }

    [Fact]
    public async Task Down_refuses_an_irreversible_migration_before_rolling_back_anything()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.Write("20260101000002", "drop_a_name", """
            -- cutover:up
            CREATE TABLE archive (id integer);
            -- cutover:irreversible the archive is filled by hand
            """);
        Files.WriteTable("20260101000003", "c");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.DownAsync(new DownOptions { Steps = 3 }));

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.Contains("irreversible: the archive is filled by hand", error.Message);
        Assert.True(await TableExistsAsync(db, "c"));
    }

    [Fact]
    public async Task Redo_rolls_back_and_reapplies_the_newest()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        await ScalarAsync(db, "INSERT INTO a (id, name) VALUES (2, 'second')");

        var result = await migrator.RedoAsync();

        Assert.Equal([Direction.Down, Direction.Up], result.Migrations.Select(m => m.Direction));
        Assert.Equal(1, result.Migrations[1].RowsChanged); // the up step's one INSERT
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM a"));
        Assert.Equal(MigrationState.Applied, StatusOf(await migrator.StatusAsync(), "20260101000001").State);
    }

    [Fact]
    public async Task Up_down_and_redo_report_each_migration_as_it_starts_and_finishes()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.WriteTable("20260101000002", "b");
        var migrator = NewMigrator(db);
        var events = new List<RunEvent>();
        var progress = new SynchronousProgress<RunEvent>(events.Add);

        await migrator.UpAsync(new UpOptions { Progress = progress });
        await migrator.DownAsync(new DownOptions { Steps = 1, Progress = progress, AcceptDataLoss = true });
        await migrator.RedoAsync(progress);

        Assert.Equal<RunEvent>(
        [
            new MigrationStarted("20260101000001", "create_a", Direction.Up, 1, 2), new MigrationFinished("20260101000001", "create_a", Direction.Up, 1, 2),
            new MigrationStarted("20260101000002", "create_b", Direction.Up, 2, 2), new MigrationFinished("20260101000002", "create_b", Direction.Up, 2, 2),
            new MigrationStarted("20260101000002", "create_b", Direction.Down, 1, 1), new MigrationFinished("20260101000002", "create_b", Direction.Down, 1, 1),
            new MigrationStarted("20260101000001", "create_a", Direction.Down, 1, 2), new MigrationFinished("20260101000001", "create_a", Direction.Down, 1, 2),
            new MigrationStarted("20260101000001", "create_a", Direction.Up, 2, 2), new MigrationFinished("20260101000001", "create_a", Direction.Up, 2, 2),
        ], events);
    }

    [Fact]
    public async Task Redo_fails_naming_what_a_down_step_left_behind_and_keeps_the_migration_applied()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write("20260101000002", "index_a_name", """
            -- cutover:up
            CREATE INDEX IF NOT EXISTS a_by_name ON a (name);
            -- cutover:down
            SELECT 1;
            """);
        await migrator.UpAsync();

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.RedoAsync());

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.Contains("20260101000002_index_a_name.sql: redo of 20260101000002: its down step does not restore the schema recorded before it was applied: ", error.Message);
        Assert.Contains("index \"a_by_name\" still exists; nothing was changed", error.Message);
        Assert.Equal(MigrationState.Applied, StatusOf(await migrator.StatusAsync(), "20260101000002").State);
    }

    [Fact]
    public async Task Redo_fails_when_down_then_up_does_not_return_to_the_schema_it_started_from()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.Write("20260101000002", "index_a_name", """
            -- cutover:up
            CREATE INDEX IF NOT EXISTS a_by_name ON a (name);
            -- cutover:down
            DROP INDEX a_by_name;
            CREATE TABLE stray (id integer);
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync(); // one run: no schema was recorded between the two migrations

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.RedoAsync());

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.Contains("after its down and up steps the schema differs from the one before redo: table ", error.Message);
        Assert.Contains("\"stray\" still exists; nothing was changed", error.Message);
        Assert.False(await TableExistsAsync(db, "stray")); // the trial was rolled back
        Assert.Equal(MigrationState.Applied, StatusOf(await migrator.StatusAsync(), "20260101000002").State);
    }

    [Fact]
    public async Task Every_quickstart_sample_migration_rolls_back_to_the_exact_schema_it_started_from()
    {
        var db = await NewDatabaseAsync();
        var samples = Path.Combine(AppContext.BaseDirectory, "../../../../../samples/quickstart/migrations");
        foreach (var file in Directory.GetFiles(samples, "*.sql"))
            File.Copy(file, Path.Combine(Files.Folder, Path.GetFileName(file)));
        var migrator = NewMigrator(db);
        var ids = (await migrator.StatusAsync()).Migrations.Select(m => m.Id).ToList();
        Assert.NotEmpty(ids);

        foreach (var id in ids)
        {
            var before = Cutover.Schema.SchemaText.Fingerprint(await migrator.ReadSchemaAsync());
            await migrator.UpAsync(new UpOptions { To = id });
            await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });
            Assert.Equal(before, Cutover.Schema.SchemaText.Fingerprint(await migrator.ReadSchemaAsync()));
            await migrator.UpAsync(new UpOptions { To = id });
        }
        await migrator.RedoAsync();
    }

    [Fact]
    public async Task An_edited_applied_file_is_changed_and_validate_names_it_and_up_refuses()
    {
        var db = await NewDatabaseAsync();
        var path = Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        File.AppendAllText(path, "\n-- an innocent-looking edit\n");
        Files.WriteTable("20260101000002", "b");

        var report = await migrator.ValidateAsync();
        var issue = Assert.Single(report.Issues);
        Assert.Equal(path, issue.Subject);
        Assert.Contains("changed since it was applied", issue.Problem);
        var changed = StatusOf(await migrator.StatusAsync(), "20260101000001");
        Assert.Equal(MigrationState.Changed, changed.State);
        Assert.Matches("^file checksum [0-9a-f]{12} differs from applied [0-9a-f]{12}$", changed.Detail);

        var refused = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.UpAsync());
        Assert.Equal(ExitCode.ValidationFailed, refused.ExitCode);
        Assert.StartsWith(path, refused.Message);
        Assert.False(await TableExistsAsync(db, "b"));

        var actions = await migrator.RepairAsync(new RepairOptions { AcceptChecksums = true });
        Assert.Contains(actions, a => a.Contains("accepted the edited file"));
        Assert.True((await migrator.ValidateAsync()).IsValid);
        await migrator.UpAsync();
        Assert.True(await TableExistsAsync(db, "b"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM cutover_log WHERE action = 'repair'"));
    }

    [Fact]
    public async Task Out_of_order_migrations_are_refused_unless_allowed()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000002", "b");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        var late = Files.WriteTable("20260101000001", "a");

        Assert.Equal(MigrationState.OutOfOrder, StatusOf(await migrator.StatusAsync(), "20260101000001").State);
        Assert.Contains((await migrator.ValidateAsync()).Issues, i => i.Subject == late);
        var refused = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.UpAsync());
        Assert.Equal(ExitCode.ValidationFailed, refused.ExitCode);
        Assert.Contains("out of order", refused.Message);
        Assert.False(await TableExistsAsync(db, "a"));

        await migrator.UpAsync(new UpOptions { AllowOutOfOrder = true });
        Assert.True(await TableExistsAsync(db, "a"));
    }

    [Fact]
    public async Task A_failing_statement_names_file_and_line_records_the_failure_and_blocks_up_until_repaired()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        var path = Files.Write("20260101000002", "broken", """
            -- cutover:up
            CREATE TABLE b (id integer);
            INSERT INTO no_such_table VALUES (1);
            -- cutover:down
            DROP TABLE b;
            """);
        var migrator = NewMigrator(db);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.UpAsync());

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.StartsWith($"{path}:3: ", error.Message);
        Assert.Contains("no_such_table", error.Message);
        Assert.False(await TableExistsAsync(db, "b"));
        var failed = StatusOf(await migrator.StatusAsync(), "20260101000002");
        Assert.Equal(MigrationState.Failed, failed.State);
        Assert.Contains("step 1 (up), statement 2", failed.Detail);
        Assert.Equal(MigrationState.Applied, StatusOf(await migrator.StatusAsync(), "20260101000001").State);

        var blocked = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.UpAsync());
        Assert.Contains("cutover repair", blocked.Hint);

        File.WriteAllText(path, File.ReadAllText(path).Replace("no_such_table", "b"));
        var actions = await migrator.RepairAsync();
        Assert.Contains(actions, a => a.Contains("removed the failed record"));
        await migrator.UpAsync();
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM b"));
    }

    [Fact]
    public async Task A_no_transaction_step_records_progress_per_statement_and_resumes_at_the_failed_one()
    {
        var db = await NewDatabaseAsync();
        var path = Files.Write("20260101000001", "two_steps", """
            -- cutover:up
            CREATE TABLE t (id integer);
            -- cutover:up no-transaction
            CREATE TABLE u1 (id integer);
            CREATE TABLE u2 (id integer);
            INSERT INTO missing VALUES (1);
            CREATE TABLE u3 (id integer);
            -- cutover:down no-transaction
            DROP TABLE u3;
            DROP TABLE u2;
            DROP TABLE u1;
            -- cutover:down
            DROP TABLE t;
            """);
        var migrator = NewMigrator(db);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.UpAsync());
        Assert.StartsWith($"{path}:6: ", error.Message);
        Assert.True(await TableExistsAsync(db, "u2"));
        Assert.Contains("step 2 (up no-transaction), statement 3", StatusOf(await migrator.StatusAsync(), "20260101000001").Detail);

        File.WriteAllText(path, File.ReadAllText(path).Replace("INSERT INTO missing VALUES (1);", "INSERT INTO t VALUES (1);"));
        Assert.Contains(await migrator.RepairAsync(), a => a.Contains("resumes at step 2, statement 3"));
        await migrator.UpAsync();

        Assert.True(await TableExistsAsync(db, "u3"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM t"));
        Assert.Equal(MigrationState.Applied, StatusOf(await migrator.StatusAsync(), "20260101000001").State);

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });
        Assert.False(await TableExistsAsync(db, "t"));
        Assert.False(await TableExistsAsync(db, "u1"));
    }

    [Fact]
    public async Task A_failed_rollback_resumes_at_the_step_and_statement_it_failed_at()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "trail", "-- cutover:up\nCREATE TABLE trail (what text);\n-- cutover:down\nDROP TABLE trail;\n");
        // Down steps run last first: the transactional one, then the no-transaction one that stops at the gate.
        Files.Write("20260101000002", "two_down_steps", """
            -- cutover:up
            CREATE TABLE t (id integer);
            -- cutover:down no-transaction
            INSERT INTO trail VALUES ('2.1');
            INSERT INTO gate VALUES (1);
            INSERT INTO trail VALUES ('2.3');
            DROP TABLE t;
            -- cutover:down
            INSERT INTO trail VALUES ('1');
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();

        await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.DownAsync());
        Assert.Contains("step 2 (down no-transaction), statement 2", StatusOf(await migrator.StatusAsync(), "20260101000002").Detail);

        await ScalarAsync(db, "CREATE TABLE gate (id integer)");
        Assert.Contains(await migrator.RepairAsync(), a => a.Contains("the next down resumes at step 2, statement 2"));
        var interrupted = StatusOf(await migrator.StatusAsync(), "20260101000002");
        Assert.Equal(MigrationState.Interrupted, interrupted.State);
        Assert.Equal("rollback stopped after 1 step(s) and 1 statement(s) of the next; the next run resumes it", interrupted.Detail);

        await migrator.DownAsync();

        // Each statement ran once: the first step and the statement before the failure were not run again.
        Assert.Equal(3, await CountAsync(db, "SELECT count(*) FROM trail"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM trail WHERE what = '1'"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM trail WHERE what = '2.1'"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM trail WHERE what = '2.3'"));
        Assert.False(await TableExistsAsync(db, "t"));
        var status = await migrator.StatusAsync();
        Assert.Equal(MigrationState.Pending, StatusOf(status, "20260101000002").State);
        Assert.Equal(1, status.Count(MigrationState.Applied));
        Assert.Equal(1, status.Count(MigrationState.Pending));
        Assert.Equal(0, status.Count(MigrationState.Failed));
    }

    [Fact]
    public async Task A_resumed_migration_records_the_time_of_both_attempts()
    {
        var db = await NewDatabaseAsync();
        var path = Files.Write("20260101000001", "slow_twice", $"""
            -- cutover:up no-transaction
            {PauseStatement};
            INSERT INTO gate VALUES (1);
            {PauseStatement};
            -- cutover:down
            DELETE FROM gate;
            """);
        var migrator = NewMigrator(db);

        await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.UpAsync());
        var failed = StatusOf(await migrator.StatusAsync(), "20260101000001").DurationMs!.Value;
        Assert.True(failed >= 300, $"the first attempt ran a pause statement but took {failed} ms");
        var logged = (await migrator.HistoryAsync()).First();
        Assert.Equal(("up", "20260101000001", "failed", failed), (logged.Action, logged.MigrationId, logged.Outcome, logged.DurationMs));

        await ScalarAsync(db, "CREATE TABLE gate (id integer)");
        await migrator.RepairAsync();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = await migrator.UpAsync();
        var second = clock.ElapsedMilliseconds;

        var applied = StatusOf(await migrator.StatusAsync(), "20260101000001");
        Assert.Equal(MigrationState.Applied, applied.State);
        var run = result.Migrations.Single();
        Assert.Equal(1, run.RowsChanged); // the INSERT this attempt ran
        Assert.InRange(run.DurationMs, applied.DurationMs!.Value, failed + second);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM gate"));
        // The recorded duration is the first attempt's plus the second's, which ran the other pause statement: on SQLite a
        // pause counts rows, so it takes as long as the machine needs, and the second attempt's is compared with the first's.
        Assert.True(applied.DurationMs >= failed + failed / 2, $"applied after {applied.DurationMs} ms in all; the first attempt alone took {failed} ms");
        Assert.True(applied.DurationMs <= failed + second, $"applied after {applied.DurationMs} ms in all; the attempts took {failed} + {second} ms");

        // A rollback's time is its own, not added to the apply's.
        await migrator.DownAsync();
        var down = (await migrator.HistoryAsync()).First(e => e.Action == "down");
        Assert.True(down.DurationMs < 300, $"the rollback deleted one row but is logged as {down.DurationMs} ms");
    }

    [Fact]
    public async Task Baseline_marks_older_files_as_applied_and_down_stops_there()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.WriteTable("20260101000003", "c");
        var migrator = NewMigrator(db);

        await migrator.BaselineAsync("20260101000002");
        await migrator.UpAsync();

        Assert.False(await TableExistsAsync(db, "a"));
        Assert.True(await TableExistsAsync(db, "c"));
        var status = await migrator.StatusAsync();
        Assert.Equal(MigrationState.BelowBaseline, StatusOf(status, "20260101000001").State);
        Assert.Equal(MigrationState.Baseline, StatusOf(status, "20260101000002").State);
        var past = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.DownAsync(new DownOptions { Steps = 2 }));
        Assert.Equal(ExitCode.BadInput, past.ExitCode);
        var again = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.BaselineAsync("20260101000004"));
        Assert.Equal(ExitCode.Failed, again.ExitCode);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM cutover_log WHERE action = 'baseline'"));
    }

    [Fact]
    public async Task A_migration_of_several_steps_is_logged_once_each_way_when_its_last_step_commits()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "three_steps", """
            -- cutover:up
            CREATE TABLE a (id integer);
            -- cutover:up no-transaction
            CREATE TABLE b (id integer);
            -- cutover:up
            CREATE TABLE c (id integer);
            -- cutover:down
            DROP TABLE c;
            -- cutover:down
            DROP TABLE b;
            DROP TABLE a;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        await migrator.DownAsync();

        Assert.Equal([("down", "ok"), ("up", "ok")], (await migrator.HistoryAsync()).Select(e => (e.Action, e.Outcome)));
    }

    [Fact]
    public async Task History_lists_the_audit_log_newest_first()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        var log = await migrator.HistoryAsync();

        Assert.Equal(["down", "up"], log.Select(e => e.Action));
        Assert.All(log, e => Assert.Equal("ok", e.Outcome));
        Assert.All(log, e => Assert.Equal(Environment.MachineName, e.Host));
    }

    [Fact]
    public async Task Eight_concurrent_runners_apply_each_migration_exactly_once()
    {
        var db = await NewDatabaseAsync();
        // The first migration holds the lock for half a second, so every runner finds work pending and races for it.
        Files.Write("20260101000000", "runs", $"""
            -- cutover:up
            CREATE TABLE runs (migration text NOT NULL);
            INSERT INTO runs VALUES ('m0');
            {PauseStatement};
            -- cutover:down
            DROP TABLE runs;
            """);
        for (var i = 1; i <= 20; i++)
        {
            Files.Write($"202601010000{i:00}", $"m{i}", $"""
                -- cutover:up
                CREATE TABLE t{i} (id integer);
                INSERT INTO runs VALUES ('m{i}');
                -- cutover:down
                DROP TABLE t{i};
                """);
        }

        var clock = System.Diagnostics.Stopwatch.StartNew();
        // A thread of its own for each runner: on a busy 2-core machine the thread pool may start a queued runner only
        // after another has finished, and then the runners would not race at all.
        var runs = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Factory.StartNew(async () =>
        {
            var started = clock.Elapsed;
            var result = await NewMigrator(db).UpAsync();
            return (Started: started, Ended: clock.Elapsed, Result: result);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));
        var results = runs.Select(r => r.Result).ToList();

        Assert.Equal(21, results.Sum(r => r.Migrations.Count));
        Assert.Equal(21, await CountAsync(db, "SELECT count(*) FROM runs"));
        Assert.Equal(21, await CountAsync(db, "SELECT count(DISTINCT migration) FROM runs"));
        Assert.Equal(21, await CountAsync(db, "SELECT count(*) FROM cutover_history WHERE state = 'applied'"));
        // They really raced: every runner had started before any of them had finished.
        Assert.True(runs.Max(r => r.Started) < runs.Min(r => r.Ended), "the runners did not overlap");
    }

    [Fact]
    public async Task Bad_input_writes_nothing_to_the_database()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.Write("20260101000002", "bad", "-- cutover:up\nCREATE TABLE b (note text DEFAULT 'unterminated);\n");
        var migrator = NewMigrator(db);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.UpAsync());

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.Contains("20260101000002_bad.sql:2:", error.Message);
        Assert.False(await TableExistsAsync(db, "a"));
        Assert.False(await TableExistsAsync(db, "cutover_history"));
    }

    [Fact]
    public async Task A_runner_killed_inside_a_transactional_step_leaves_history_and_schema_consistent_and_a_rerun_completes()
    {
        var db = await NewCrashTestDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        Files.Write("20260101000002", "slow", $"""
            -- cutover:up
            CREATE TABLE b (id integer);
            INSERT INTO b VALUES (1);
            {SlowStatement};
            -- cutover:down
            DROP TABLE b;
            """);
        File.WriteAllText(Path.Combine(Files.Root, "cutover.json"), """{ "migrations": "migrations" }""");

        using var runner = StartRunner(db);
        await WaitUntilSlowStatementRunsAsync(db);
        await KillWhileRunningAsync(runner);

        Assert.True(await TableExistsAsync(db, "a"));
        Assert.False(await TableExistsAsync(db, "b"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM cutover_history"));
        var migrator = NewMigrator(db);
        Assert.Equal(MigrationState.Pending, StatusOf(await migrator.StatusAsync(), "20260101000002").State);

        var rerun = await migrator.UpAsync();

        Assert.Equal("20260101000002", rerun.Migrations.Single().Id);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM b"));
        Assert.All((await migrator.StatusAsync()).Migrations, m => Assert.Equal(MigrationState.Applied, m.State));
    }

    [Fact]
    public async Task A_runner_killed_inside_a_no_transaction_step_is_resumed_at_the_statement_it_was_running()
    {
        var db = await NewCrashTestDatabaseAsync();
        Files.Write("20260101000001", "slow_no_tx", $"""
            -- cutover:up no-transaction
            CREATE TABLE first (id integer);
            {SlowStatement};
            CREATE TABLE third (id integer);
            -- cutover:down no-transaction
            DROP TABLE third;
            DROP TABLE first;
            """);
        File.WriteAllText(Path.Combine(Files.Root, "cutover.json"), """{ "migrations": "migrations" }""");

        using var runner = StartRunner(db);
        await WaitUntilSlowStatementRunsAsync(db);
        await KillWhileRunningAsync(runner);

        var migrator = NewMigrator(db);
        var interrupted = StatusOf(await migrator.StatusAsync(), "20260101000001");
        Assert.Equal(MigrationState.Interrupted, interrupted.State);
        Assert.Equal("apply stopped after 0 step(s) and 1 statement(s) of the next; the next run resumes it", interrupted.Detail);
        // The time recorded with the statement done before the kill (never less than nothing).
        Assert.InRange(interrupted.DurationMs!.Value, 0, 600_000);
        Assert.True(await TableExistsAsync(db, "first"));
        Assert.False(await TableExistsAsync(db, "third"));

        // Resuming at statement 2 means `first` is not created again (which would fail).
        await migrator.UpAsync();

        Assert.True(await TableExistsAsync(db, "third"));
        Assert.Equal(MigrationState.Applied, StatusOf(await migrator.StatusAsync(), "20260101000001").State);
    }

    [Fact]
    public async Task Down_runs_the_down_sql_stored_when_the_migration_was_applied_even_if_the_file_was_edited_since()
    {
        var db = await NewDatabaseAsync();
        var path = Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        File.WriteAllText(path, File.ReadAllText(path).Replace("DROP TABLE a;", "DROP TABLE a;\nCREATE TABLE edited_down_ran (id integer);"));
        Assert.Equal(MigrationState.Changed, StatusOf(await migrator.StatusAsync(), "20260101000001").State);

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.False(await TableExistsAsync(db, "a"));
        Assert.False(await TableExistsAsync(db, "edited_down_ran"));
    }

    [Fact]
    public async Task Repair_accepting_an_edited_file_stores_its_down_sql_so_down_runs_the_new_one()
    {
        var db = await NewDatabaseAsync();
        var path = Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        File.WriteAllText(path, File.ReadAllText(path).Replace("DROP TABLE a;", "DROP TABLE a;\nCREATE TABLE accepted_down_ran (id integer);"));

        await migrator.RepairAsync(new RepairOptions { AcceptChecksums = true });

        Assert.Contains("accepted_down_ran", (string)(await ScalarAsync(db, "SELECT down_script FROM cutover_history WHERE id = '20260101000001'"))!);
        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });
        Assert.False(await TableExistsAsync(db, "a"));
        Assert.True(await TableExistsAsync(db, "accepted_down_ran"));
    }

    [Fact]
    public async Task A_no_op_up_takes_no_lock_so_it_finishes_while_another_runner_holds_the_lock()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        await NewMigrator(db).UpAsync();
        await using var holder = await OpenAsync(db);
        await using var held = await Provider.AcquireMigrationLockAsync(holder, TimeSpan.FromSeconds(5), _ => { }, CancellationToken.None);

        // Sanity: a run that has work to do waits for the holder and gives up.
        Files.WriteTable("20260101000002", "b");
        var blocked = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db, lockWait: TimeSpan.FromMilliseconds(300)).UpAsync());
        Assert.Equal(ExitCode.LockTimeout, blocked.ExitCode);
        Files.Delete("20260101000002", "create_b");

        var events = new List<RunEvent>();
        var noOp = await NewMigrator(db, lockWait: TimeSpan.FromMilliseconds(300)).UpAsync(new UpOptions { Progress = new SynchronousProgress<RunEvent>(events.Add) });

        Assert.Empty(noOp.Migrations);
        Assert.DoesNotContain(events, e => e is WaitingForLock);
        Assert.Equal(MigrationState.Applied, StatusOf(noOp.Status, "20260101000001").State);
    }

    [Fact]
    public async Task The_migration_lock_names_its_holder_while_one_holds_it_and_reading_it_does_not_take_it()
    {
        var db = await NewDatabaseAsync();
        Files.WriteTable("20260101000001", "a");
        var migrator = NewMigrator(db, lockWait: TimeSpan.FromMilliseconds(300));
        if (Provider is not IMigrationLockInspection)
        {
            Assert.False((await migrator.MigrationLockAsync()).Known);
            return;
        }
        Assert.Equal(new MigrationLockState(true, null), await migrator.MigrationLockAsync());

        await using (var holder = await OpenAsync(db))
        await using (await Provider.AcquireMigrationLockAsync(holder, TimeSpan.FromSeconds(5), _ => { }, CancellationToken.None))
        {
            var held = await migrator.MigrationLockAsync();
            Assert.True(held.Held);
            // Both engines name the holder by process id, as a waiting runner is told.
            Assert.Contains("pid ", held.Holder);
        }

        Assert.False((await migrator.MigrationLockAsync()).Held);
        // Looking did not leave the lock taken: a run takes it within its 300 ms wait.
        await migrator.UpAsync();
        Assert.Equal(MigrationState.Applied, StatusOf(await migrator.StatusAsync(), "20260101000001").State);
    }

    public void Dispose()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
