using System.Data.Common;
using System.Text.Json;
using Cutover.Backfill;
using Cutover.Running;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Backfill;

/// <summary>Backfill steps on a real database, written once for both providers. Each test has its own database.</summary>
public abstract partial class BackfillSpecification : IDisposable
{
    private protected readonly MigrationsFolder Files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>A new database for a test that kills runners: on a server that syncs its commits.</summary>
    private protected virtual Task<string> NewCrashTestDatabaseAsync() => NewDatabaseAsync();

    /// <summary>How many other sessions are connected to the database (none on an embedded engine once its process is gone).</summary>
    private protected virtual Task<long> OtherSessionsAsync(string db) => Task.FromResult(0L);

    /// <summary>How the checkpoint (and every message about the backfill) names a table the directive wrote unqualified: as the catalog resolved it.</summary>
    private protected virtual string Shown(string table) => table;

    /// <summary>The type and a fresh value of a uuid column.</summary>
    private protected abstract (string Type, string New) Uuid { get; }

    /// <summary>A derived table of the numbers 1 to <paramref name="n"/> in column x, for INSERT … SELECT.</summary>
    private protected static string Series(int n) =>
        $"(WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < {n}) SELECT x FROM c) s";

    private protected Migrator NewMigrator(
        string db, BackfillOptions? backfill = null, IReadOnlyList<CodeBackfill>? codes = null, Microsoft.Extensions.Logging.ILogger<Migrator>? logger = null, IDatabaseProvider? provider = null) =>
        new(new CutoverOptions
        {
            ConnectionString = db, MigrationsFolder = Files.Folder,
            Backfill = backfill ?? new BackfillOptions(), Backfills = codes ?? [],
        }, provider ?? Provider, logger);

    private protected async Task<object?> ScalarAsync(string db, string sql)
    {
        await using var connection = await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync();
    }

    private protected async Task<long> CountAsync(string db, string sql) => Convert.ToInt64(await ScalarAsync(db, sql));

    private protected async Task<BackfillStatus> CheckpointAsync(string db) => Assert.Single(await NewMigrator(db).BackfillStatusAsync());

    /// <summary>Writes a migration that creates and fills a table, then backfills v = 1 over it with the given options.</summary>
    private async Task<(string Db, BackfillStatus Done)> BackfillOverAsync(string create, string insert, string options)
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            {create};
            {insert};
            -- cutover:backfill k {options}
            UPDATE k SET v = 1 WHERE {"{batch}"};
            -- cutover:down
            DROP TABLE k;
            """);
        var run = Assert.Single((await NewMigrator(db).UpAsync()).Migrations);
        var done = await CheckpointAsync(db);
        // The migration's rows: the up step's INSERT and every row the backfill changed.
        Assert.Equal(await CountAsync(db, "SELECT count(*) FROM k") + done.RowsChanged, run.RowsChanged);
        return (db, done);
    }

    private static void AssertWalkedEveryRow(BackfillStatus done, long rows, int batch)
    {
        Assert.Equal(BackfillStates.Done, done.State);
        Assert.Equal((rows, rows, (rows + batch - 1) / batch), (done.RowsDone, done.RowsChanged, done.Batches));
    }

    [Fact]
    public async Task An_integer_primary_key_is_walked_in_batches_and_the_audit_log_summarises_them()
    {
        var (db, done) = await BackfillOverAsync("CREATE TABLE k (id bigint PRIMARY KEY, v integer)", $"INSERT INTO k (id) SELECT x * 3 FROM {Series(100)}", "batch=7");

        AssertWalkedEveryRow(done, 100, 7);
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
        Assert.Equal("primary key (id)", done.KeyDescription);
        Assert.Equal("300", done.PositionText);
        // One entry when it starts, one per 100 batches, one when done: bounded, whatever the table's size.
        Assert.Equal(["started", "done"], await OutcomesAsync(db));
    }

    [Fact]
    public async Task A_text_primary_key_is_walked_in_its_sort_order()
    {
        var (db, done) = await BackfillOverAsync("CREATE TABLE k (code text PRIMARY KEY, v integer)", $"INSERT INTO k (code) SELECT 'c' || x FROM {Series(100)}", "batch=7");

        AssertWalkedEveryRow(done, 100, 7);
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
    }

    [Fact]
    public async Task A_uuid_primary_key_is_walked()
    {
        var (db, done) = await BackfillOverAsync($"CREATE TABLE k (id {Uuid.Type} PRIMARY KEY, v integer)", $"INSERT INTO k (id) SELECT {Uuid.New} FROM {Series(100)}", "batch=7");

        AssertWalkedEveryRow(done, 100, 7);
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
    }

    [Fact]
    public async Task A_composite_primary_key_is_walked_as_one_row_value()
    {
        var (db, done) = await BackfillOverAsync("CREATE TABLE k (tenant integer NOT NULL, code text NOT NULL, v integer, PRIMARY KEY (tenant, code))",
            $"INSERT INTO k (tenant, code) SELECT x % 4, 'c' || x FROM {Series(100)}", "batch=7");

        AssertWalkedEveryRow(done, 100, 7);
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
        Assert.Equal(2, done.KeyColumns.Count);
    }

    [Fact]
    public async Task Another_unique_not_null_key_can_be_named()
    {
        var (db, done) = await BackfillOverAsync("CREATE TABLE k (id integer, email text NOT NULL UNIQUE, v integer)",
            $"INSERT INTO k (id, email) SELECT x, 'u' || x || '@example.com' FROM {Series(100)}", "key=email batch=7");

        AssertWalkedEveryRow(done, 100, 7);
        Assert.Equal("key=email", done.KeyDescription);
        Assert.Equal(100, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
    }

    [Theory]
    [InlineData("email text", "key column email of k allows NULL, so some rows would never be in a batch")]
    [InlineData("email text NOT NULL", "key=email is not a unique key of k, so batches could overlap")]
    public async Task A_key_that_allows_null_or_is_not_unique_is_bad_input_naming_the_file_line_and_the_candidates_and_nothing_is_written(string email, string problem)
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "table", $"-- cutover:up\nCREATE TABLE k (id integer PRIMARY KEY, {email}, v integer);\nINSERT INTO k VALUES (1, 'same@example.com', 0), (2, 'same@example.com', 0);\n");
        await NewMigrator(db).UpAsync();
        var path = Files.Write("20260101000002", "backfill", """
            -- cutover:up
            ALTER TABLE k ADD COLUMN w integer;
            -- cutover:backfill k key=email
            UPDATE k SET v = 1 WHERE {batch};
            """);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db).UpAsync());

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.StartsWith($"{path}:3: {problem}", error.Message, StringComparison.Ordinal);
        Assert.Contains("candidates: id", error.Hint, StringComparison.Ordinal);
        Assert.Equal(MigrationState.Pending, (await NewMigrator(db).StatusAsync()).Migrations.Single(m => m.Id == "20260101000002").State);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM k WHERE v = 1"));
        await Assert.ThrowsAnyAsync<DbException>(() => ScalarAsync(db, "SELECT w FROM k"));
    }

    [Fact]
    public async Task A_key_problem_on_a_table_created_by_an_earlier_step_stops_the_migration_at_that_step()
    {
        var db = await NewDatabaseAsync();
        var path = Files.Write("20260101000001", "backfill", """
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, email text, v integer);
            -- cutover:backfill k key=email
            UPDATE k SET v = 1 WHERE {batch};
            """);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db).UpAsync());

        // The CREATE TABLE is applied, so this is a failure to resume from, not input that wrote nothing.
        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.StartsWith($"{path}:3: key column email of k allows NULL", error.Message, StringComparison.Ordinal);
        Assert.EndsWith("the steps before it are applied, and `cutover up` continues from this step once the file is fixed", error.Hint, StringComparison.Ordinal);
        Assert.Equal(MigrationState.Interrupted, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);

        Files.Write("20260101000001", "backfill", """
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, email text, v integer);
            -- cutover:backfill k
            UPDATE k SET v = 1 WHERE {batch};
            """);
        await NewMigrator(db).UpAsync();
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
    }

    [Fact]
    public async Task A_batch_that_fails_names_its_key_range_keeps_earlier_batches_and_is_retried_once_the_cause_is_fixed()
    {
        var db = await NewDatabaseAsync();
        var path = Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE factors (id integer PRIMARY KEY, f integer NOT NULL);
            INSERT INTO factors (id, f) SELECT x, x * 2 FROM {Series(499)};
            CREATE TABLE k (id integer PRIMARY KEY, v integer NOT NULL DEFAULT 0);
            INSERT INTO k (id) SELECT x FROM {Series(1000)};
            -- cutover:backfill k batch=100
            UPDATE k SET v = (SELECT f FROM factors WHERE factors.id = k.id) WHERE {"{batch}"};
            """);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db).UpAsync());

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.StartsWith($"{path}:6: backfill of {Shown("k")} batch 5 (\"id\" > 400 AND \"id\" <= 500) failed: ", error.Message, StringComparison.Ordinal);
        var failed = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Failed, 400L), (failed.State, failed.RowsDone));
        Assert.Equal(400, await CountAsync(db, "SELECT count(*) FROM k WHERE v > 0"));
        Assert.Equal(MigrationState.Interrupted, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);

        await ScalarAsync(db, $"INSERT INTO factors (id, f) SELECT x + 499, (x + 499) * 2 FROM {Series(501)}");
        var rerun = await NewMigrator(db).UpAsync();

        // The rerun changed the 600 rows it walked; the 400 of the first run are not counted again.
        Assert.Equal(600, Assert.Single(rerun.Migrations).RowsChanged);

        Assert.Equal(1000, await CountAsync(db, "SELECT count(*) FROM k WHERE v = id * 2"));
        Assert.Equal((BackfillStates.Done, 10L), ((await CheckpointAsync(db)).State, (await CheckpointAsync(db)).Batches));
    }

    [Fact]
    public async Task A_runner_killed_twenty_times_mid_backfill_loses_and_repeats_no_batch()
    {
        var db = await NewCrashTestDatabaseAsync();
        const int Rows = 8000, Kills = 20;
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE items (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0);
            INSERT INTO items (id) SELECT x FROM {Series(Rows)};
            -- cutover:backfill items batch=10 pause=5
            UPDATE items SET n = n + 1 WHERE {"{batch}"};
            -- cutover:up
            CREATE INDEX items_n ON items (n);
            -- cutover:down
            DROP TABLE items;
            """);
        File.WriteAllText(Path.Combine(Files.Root, "cutover.json"), """{ "migrations": "migrations" }""");
        var random = new Random();
        var interrupted = 0;
        var rowsDone = 0L;

        for (var kill = 0; kill < Kills; kill++)
        {
            var before = rowsDone;
            var wasRunning = await KillUpMidBackfillAsync(db, before, random);

            // Every batch's rows and its checkpoint commit together: n = 1 exactly on the rows done, nowhere else
            // (read in one statement, so both come from one snapshot).
            Assert.Equal(0, await CountAsync(db, "SELECT (SELECT count(*) FROM items WHERE n = 1) - (SELECT rows_done FROM cutover_backfill)"));
            var at = await CheckpointAsync(db);
            Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM items WHERE n > 1"));
            if (wasRunning && at.State == BackfillStates.Running && at.RowsDone > before && at.RowsDone < Rows)
                interrupted++;
            rowsDone = at.RowsDone;
        }
        await NewMigrator(db).UpAsync();

        Assert.Equal(Kills, interrupted);
        Assert.Equal((long)Rows, await CountAsync(db, "SELECT count(*) FROM items WHERE n = 1"));
        Assert.Equal((long)Rows, await CountAsync(db, "SELECT sum(n) FROM items"));
        // A checksum of the whole table against the expected one: every row's id weighted by its n.
        Assert.Equal((long)Rows * (Rows + 1) / 2, await CountAsync(db, "SELECT sum(id * n) FROM items"));
        var done = await CheckpointAsync(db);
        Assert.Equal((BackfillStates.Done, (long)Rows / 10), (done.State, done.Batches));
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
    }

    [Fact]
    public async Task Rows_the_application_writes_while_the_backfill_runs_are_kept()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "users", $"""
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, note text);
            INSERT INTO users (id) SELECT x FROM {Series(2000)};
            -- cutover:down
            DROP TABLE users;
            """);
        await NewMigrator(db).UpAsync();
        Files.Write("20260101000002", "roles", """
            -- cutover:up
            ALTER TABLE users ADD COLUMN role text;
            -- cutover:backfill users batch=20 pause=2
            UPDATE users SET role = 'member' WHERE role IS NULL AND {batch};
            -- cutover:down
            ALTER TABLE users DROP COLUMN role;
            """);

        var expected = new Dictionary<long, string>();
        var backfill = Task.Run(() => NewMigrator(db).UpAsync());
        await WaitUntilAsync(() => TableHasCheckpointAsync(db));
        await using (var app = await Provider.OpenAsync(db, forReading: false, CancellationToken.None))
        {
            var random = new Random(7);
            for (var i = 0; !backfill.IsCompleted || i < 50; i++)
            {
                var id = random.Next(1, 2001);
                await ExecuteAsync(app, $"UPDATE users SET note = 'write {i}' WHERE id = {id}");
                expected[id] = $"write {i}";
                if (i % 10 == 0)
                {
                    // The application already writes the new shape for the rows it creates.
                    await ExecuteAsync(app, $"INSERT INTO users (id, note, role) VALUES ({5000 + i}, 'new {i}', 'admin')");
                    expected[5000 + i] = $"new {i}";
                }
                await Task.Delay(2);
            }
        }
        await backfill;

        foreach (var (id, note) in expected)
            Assert.Equal(note, await ScalarAsync(db, $"SELECT note FROM users WHERE id = {id}"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM users WHERE role IS NULL"));
        Assert.Equal(2000, await CountAsync(db, "SELECT count(*) FROM users WHERE role = 'member'"));
    }

    [Fact]
    public async Task Pause_resume_and_cancel_from_another_process_steer_a_running_backfill()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "backfill", $"""
            -- cutover:up
            CREATE TABLE items (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0);
            INSERT INTO items (id) SELECT x FROM {Series(3000)};
            -- cutover:backfill items batch=10 pause=20
            UPDATE items SET n = n + 1 WHERE {"{batch}"};
            -- cutover:down
            DROP TABLE items;
            """);
        File.WriteAllText(Path.Combine(Files.Root, "cutover.json"), """{ "migrations": "migrations" }""");
        var control = NewMigrator(db);

        using var runner = CliProcess.Start(Files.Root, "up", "--connection", db);
        var stderr = runner.StandardError.ReadToEndAsync();
        await WaitUntilAsync(async () => await TableHasCheckpointAsync(db) && (await CheckpointAsync(db)).RowsDone > 0);
        await control.PauseBackfillAsync("20260101000001");
        await Task.Delay(500);
        var paused = (await CheckpointAsync(db)).RowsDone;
        await Task.Delay(1000);
        Assert.Equal(paused, (await CheckpointAsync(db)).RowsDone);

        await control.ResumeBackfillAsync("20260101000001/2");
        await WaitUntilAsync(async () => (await CheckpointAsync(db)).RowsDone > paused);
        await control.CancelBackfillAsync("20260101000001");
        await runner.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, runner.ExitCode);
        Assert.Contains("backfill 20260101000001/2 was cancelled", await stderr, StringComparison.Ordinal);
        var cancelled = await CheckpointAsync(db);
        Assert.Equal(BackfillStates.Cancelled, cancelled.State);
        Assert.InRange(cancelled.RowsDone, paused + 1, 2990);

        await control.ResumeBackfillAsync("20260101000001");
        await control.UpAsync();
        Assert.Equal(3000, await CountAsync(db, "SELECT count(*) FROM items WHERE n = 1"));
        var log = await OutcomesAsync(db);
        Assert.Contains("pause", log);
        Assert.Contains("cancel", log);
    }

    [Fact]
    public async Task A_deferred_backfill_is_finished_by_the_background_runner_which_then_applies_the_rest_of_its_migration()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "roles", $"""
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, role text);
            INSERT INTO users (id) SELECT x FROM {Series(500)};
            -- cutover:backfill users batch=50
            UPDATE users SET role = 'member' WHERE role IS NULL AND {"{batch}"};
            -- cutover:up
            CREATE INDEX users_role ON users (role);
            -- cutover:down
            DROP TABLE users;
            """);
        Files.Write("20260101000002", "later", "-- cutover:up\nCREATE TABLE later (id integer);\n-- cutover:down\nDROP TABLE later;\n");
        var migrator = NewMigrator(db);

        var deferred = await migrator.UpAsync(new UpOptions { DeferBackfills = true });

        Assert.Equal("20260101000001/2", Assert.Single(deferred.Migrations).DeferredBackfill);
        Assert.Equal([MigrationState.Backfilling, MigrationState.Pending], deferred.Status.Migrations.Select(m => m.State));
        Assert.StartsWith("waiting for the backfill of step 2 ", deferred.Status.Migrations[0].Detail);
        // The time of the steps before the backfill: never less than nothing.
        Assert.InRange(deferred.Status.Migrations[0].DurationMs!.Value, 0, 60_000);
        Assert.Equal(500, await CountAsync(db, "SELECT count(*) FROM users WHERE role IS NULL"));
        Assert.Equal(BackfillStates.Queued, (await CheckpointAsync(db)).State);

        var events = new List<RunEvent>();
        var handled = await migrator.RunBackfillsAsync(once: true, new Cutover.Tests.Specification.SynchronousProgress<RunEvent>(events.Add));

        Assert.Equal(BackfillStates.Done, Assert.Single(handled).State);
        // One report per batch, then one when it is done, none of them waiting.
        var reports = events.Select(e => Assert.IsType<BackfillBatch>(e)).ToList();
        Assert.Equal(Enumerable.Range(1, 10).Select(b => (long)b).Append(10), reports.Select(r => r.Status.Batches));
        Assert.Equal(BackfillStates.Done, reports[^1].Status.State);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM users WHERE role IS NULL"));
        Assert.Equal([MigrationState.Applied, MigrationState.Pending], (await migrator.StatusAsync()).Migrations.Select(m => m.State));
        Assert.Equal(500, await CountAsync(db, "SELECT count(*) FROM users WHERE role = 'member'"));
    }

    [Fact]
    public async Task Two_runners_on_one_backfill_take_turns_and_run_each_batch_once()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "counts", $"""
            -- cutover:up
            CREATE TABLE items (id integer PRIMARY KEY, n integer NOT NULL DEFAULT 0);
            INSERT INTO items (id) SELECT x FROM {Series(2000)};
            -- cutover:backfill items batch=20
            UPDATE items SET n = n + 1 WHERE {"{batch}"};
            -- cutover:down
            DROP TABLE items;
            """);
        await NewMigrator(db).UpAsync(new UpOptions { DeferBackfills = true });

        await Task.WhenAll(Task.Run(() => NewMigrator(db).RunBackfillsAsync(once: true)), Task.Run(() => NewMigrator(db).RunBackfillsAsync(once: true)));

        Assert.Equal(2000, await CountAsync(db, "SELECT count(*) FROM items WHERE n = 1"));
        Assert.Equal(100, (await CheckpointAsync(db)).Batches);
        Assert.Single(await OutcomesAsync(db), "done");
        Assert.Equal(MigrationState.Applied, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
    }

    [Fact]
    public async Task A_migration_waiting_for_its_backfill_can_be_rolled_back_and_its_checkpoint_goes_with_it()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "roles", $"""
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, role text);
            INSERT INTO users (id) SELECT x FROM {Series(100)};
            -- cutover:backfill users
            UPDATE users SET role = 'member' WHERE {"{batch}"};
            -- cutover:down
            DROP TABLE users;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync(new UpOptions { DeferBackfills = true });

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.Empty(await migrator.BackfillStatusAsync());
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single().State);
    }

    [Fact]
    public async Task A_code_backfill_reshapes_values_in_csharp_with_the_same_batches_and_checkpoints()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "permissions", $"""
            -- why: permissions become an object the admin pages can read (CASES.md #3)
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, permissions text);
            INSERT INTO users (id, permissions) SELECT x, CASE WHEN x % 10 = 0 THEN NULL WHEN x % 2 = 0 THEN 'read,write' ELSE 'read' END FROM {Series(120)};
            -- cutover:backfill users code=PermissionsToObject batch=25
            -- cutover:down
            DROP TABLE users;
            """);

        await NewMigrator(db, codes: [new PermissionsToObject()]).UpAsync();

        Assert.Equal("""{"read":true,"write":true}""", await ScalarAsync(db, "SELECT permissions FROM users WHERE id = 2"));
        Assert.Equal("""{"read":true}""", await ScalarAsync(db, "SELECT permissions FROM users WHERE id = 3"));
        Assert.Equal(DBNull.Value, await ScalarAsync(db, "SELECT permissions FROM users WHERE id = 10"));
        var done = await CheckpointAsync(db);
        Assert.Equal((120L, 108L, 5L), (done.RowsDone, done.RowsChanged, done.Batches));
    }

    [Fact]
    public async Task A_code_backfill_reads_each_of_its_columns_and_sees_null_as_null()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "full_names", $"""
            -- cutover:up
            CREATE TABLE people (id integer PRIMARY KEY, first text, last text, full_name text);
            INSERT INTO people (id, first, last) SELECT x, 'f' || x, CASE WHEN x % 3 = 0 THEN NULL ELSE 'l' || x END FROM {Series(30)};
            -- cutover:backfill people code=FullName batch=7
            -- cutover:down
            DROP TABLE people;
            """);

        await NewMigrator(db, codes: [new FullName()]).UpAsync();

        Assert.Equal("f1 l1", await ScalarAsync(db, "SELECT full_name FROM people WHERE id = 1"));
        Assert.Equal("f3 (no last name)", await ScalarAsync(db, "SELECT full_name FROM people WHERE id = 3"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM people WHERE full_name IS NULL"));
    }

    [Fact]
    public async Task The_pause_between_batches_is_waited_and_counted_in_the_elapsed_time()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "paused", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM {Series(40)};
            -- cutover:backfill k batch=10 pause=150
            UPDATE k SET v = 1 WHERE {"{batch}"};
            -- cutover:down
            DROP TABLE k;
            """);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await NewMigrator(db).UpAsync();

        // Four batches, a pause after each until the one that finds the end.
        Assert.True(clock.ElapsedMilliseconds >= 4 * 150, $"four pauses of 150 ms, but up took {clock.ElapsedMilliseconds} ms");
        var done = await CheckpointAsync(db);
        Assert.Equal(4, done.Batches);
        Assert.True(done.ElapsedMs >= 4 * 150, $"the pauses count toward the elapsed time, but it is {done.ElapsedMs} ms");
    }

    [Fact]
    public async Task The_elapsed_time_is_the_backfills_whole_run_commits_and_the_time_between_batches_included()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "slowly", $"""
            -- cutover:up
            CREATE TABLE k (id integer PRIMARY KEY, v integer);
            INSERT INTO k (id) SELECT x FROM {Series(200)};
            -- cutover:backfill k batch=10 pause=0
            UPDATE k SET v = 1 WHERE {"{batch}"};
            -- cutover:down
            DROP TABLE k;
            """);
        await NewMigrator(db).UpAsync(new UpOptions { DeferBackfills = true });
        // Whoever watches the progress takes 20 ms over each batch: time the backfill takes, between its batches' writes.
        var watcher = new SlowWatcher(TimeSpan.FromMilliseconds(20));
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await NewMigrator(db).RunBackfillsAsync(once: true, watcher);

        var wall = clock.ElapsedMilliseconds;
        var done = await CheckpointAsync(db);
        Assert.Equal(20, done.Batches);
        Assert.Equal(21, watcher.Batches);   // 20 batches and the one that finds the end
        // From the first batch's report to the last lies inside the backfill's time, which also has the first batch itself,
        // less the end's commit and audit entry before its report (a few ms; 50 allowed for a busy machine). Without the
        // time between batches it would be 400 ms short. Connecting and planning before the first batch are not the backfill's.
        Assert.InRange(done.ElapsedMs, watcher.FirstToLast.TotalMilliseconds - 50, wall);
    }

    /// <summary>Sleeps on the runner's thread at every batch it is told of, and times the first report to the last.</summary>
    private sealed class SlowWatcher(TimeSpan each) : IProgress<RunEvent>
    {
        private System.Diagnostics.Stopwatch? _sinceFirst;

        public int Batches { get; private set; }

        public TimeSpan FirstToLast { get; private set; }

        public void Report(RunEvent value)
        {
            if (value is not BackfillBatch)
                return;
            _sinceFirst ??= System.Diagnostics.Stopwatch.StartNew();
            FirstToLast = _sinceFirst.Elapsed;
            Batches++;
            Thread.Sleep(each);
        }
    }

    [Fact]
    public async Task A_code_backfill_the_runner_does_not_know_is_bad_input_naming_the_line()
    {
        var db = await NewDatabaseAsync();
        var path = Files.Write("20260101000001", "permissions", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, permissions text);
            -- cutover:backfill users code=PermissionsToObject
            """);

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => NewMigrator(db).UpAsync());

        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        Assert.StartsWith($"{path}:3: code=PermissionsToObject names no registered C# backfill (none are registered)", error.Message, StringComparison.Ordinal);
        Assert.Equal(MigrationState.Pending, (await NewMigrator(db).StatusAsync()).Migrations.Single().State);
        await Assert.ThrowsAnyAsync<DbException>(() => ScalarAsync(db, "SELECT count(*) FROM users"));
    }

    /// <summary>The example of docs/backfill.md: a comma-separated permission list becomes a JSON object.</summary>
    private sealed class PermissionsToObject : CodeBackfill
    {
        public override string Name => "PermissionsToObject";

        public override IReadOnlyList<string> Columns { get; } = ["permissions"];

        public override ValueTask TransformAsync(IReadOnlyList<BackfillRow> rows, CancellationToken cancellationToken)
        {
            foreach (var row in rows.Where(r => r["permissions"] is string))
            {
                var names = ((string)row["permissions"]!).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var json = "{" + string.Join(",", names.Select(n => $"{JsonSerializer.Serialize(n)}:true")) + "}";
                row.Set("permissions", json);
            }
            return ValueTask.CompletedTask;
        }
    }

    private sealed class FullName : CodeBackfill
    {
        public override string Name => "FullName";

        public override IReadOnlyList<string> Columns { get; } = ["first", "last", "full_name"];

        public override ValueTask TransformAsync(IReadOnlyList<BackfillRow> rows, CancellationToken cancellationToken)
        {
            foreach (var row in rows)
                row.Set("full_name", $"{row["first"]} {row["last"] ?? "(no last name)"}");
            return ValueTask.CompletedTask;
        }
    }

    private protected async Task<bool> TableHasCheckpointAsync(string db)
    {
        try
        {
            return await CountAsync(db, "SELECT count(*) FROM cutover_backfill") == 1;
        }
        catch (DbException)
        {
            return false;
        }
    }

    private async Task<List<string>> OutcomesAsync(string db)
    {
        var outcomes = new List<string>();
        await using var connection = await Provider.OpenAsync(db, forReading: false, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT outcome FROM cutover_log WHERE action = 'backfill' ORDER BY seq";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            outcomes.Add(reader.GetString(0));
        return outcomes;
    }

    private static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Starts `cutover up` in the migrations folder and kills it a few milliseconds after it has visibly moved the checkpoint
    /// past <paramref name="rowsDone"/> — always mid-backfill — then waits until the server has let go of its session (a
    /// COMMIT it sent just before it died may still land). True when it was still running when killed.
    /// </summary>
    private protected async Task<bool> KillUpMidBackfillAsync(string db, long rowsDone, Random random)
    {
        using var runner = CliProcess.Start(Files.Root, "up", "--connection", db);
        await WaitUntilAsync(async () => runner.HasExited || (await TableHasCheckpointAsync(db) && (await CheckpointAsync(db)).RowsDone > rowsDone));
        await Task.Delay(random.Next(0, 15));
        var wasRunning = !runner.HasExited;
        runner.Kill(entireProcessTree: true);
        await runner.WaitForExitAsync();
        await WaitUntilAsync(async () => await OtherSessionsAsync(db) == 0);
        return wasRunning;
    }

    private protected static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting");
            await Task.Delay(50);
        }
    }

    public void Dispose()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
