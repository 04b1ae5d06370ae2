using System.Data.Common;
using System.Globalization;
using Cutover.Operations;
using Cutover.Running;
using Cutover.Schema;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Operations;

/// <summary>
/// What every declared operation must do on every engine, written once and inherited by the SQLite and PostgreSQL
/// classes: an old-version writer and a new-version writer write concurrently through expand, verify and complete (or
/// abort) without one failed statement, and the two shapes hold the same data at each phase.
/// </summary>
public abstract class OperationSpecification : IDisposable
{
    private protected const string TableId = "20260101000001";
    private protected const string OpId = "20260101000002";

    private protected readonly MigrationsFolder Files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract bool Postgres { get; }

    /// <summary>A new, empty database for one test.</summary>
    private protected abstract Task<string> NewDatabaseAsync();

    /// <summary>The table itself, named so that a connection with the new version's shape still reaches it.</summary>
    private protected abstract string OldTable { get; }

    /// <summary>Statements that write one column of row 7 of an expanded split-column behind the triggers' back.</summary>
    private protected abstract string[] MismatchBehindTheTriggers { get; }

    /// <summary>How many of Cutover's own tables (and schemas) the database holds.</summary>
    private protected abstract string CutoverObjectCount { get; }

    private static Running.MigrationStatus StatusOf(Running.StatusReport report) => report.Migrations.Single(m => m.Id == OpId);

    private protected OperationCase Case(string kind) => OperationCases.All(Postgres).Single(c => c.Kind == kind);

    private protected Migrator NewMigrator(string connection) =>
        new(new CutoverOptions { ConnectionString = connection, MigrationsFolder = Files.Folder, LockWait = TimeSpan.FromSeconds(60) }, Provider);

    private protected async Task<DbConnection> OpenAsync(string connection) => await Provider.OpenAsync(connection, forReading: false, CancellationToken.None);

    private protected static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private protected async Task ExecuteAsync(string db, params string[] statements)
    {
        await using var connection = await OpenAsync(db);
        foreach (var sql in statements)
            await ExecuteAsync(connection, sql);
    }

    private protected async Task<long> CountAsync(string db, string sql)
    {
        await using var connection = await OpenAsync(db);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }

    /// <summary>Every row of a query, each as one string, values separated by |.</summary>
    private protected static async Task<List<string>> RowsAsync(DbConnection connection, string sql)
    {
        var rows = new List<string>();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "∅" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture))));
        return rows;
    }

    /// <summary>A connection of the new version: the shape statements the library gives it, run first.</summary>
    private protected async Task<DbConnection> OpenNewShapeAsync(string db, IReadOnlyList<string> shape)
    {
        var connection = await OpenAsync(db);
        foreach (var statement in shape)
            await ExecuteAsync(connection, statement);
        return connection;
    }

    /// <summary>The people table (1,000 rows) as migration 1, applied; the operation as migration 2, not yet.</summary>
    private protected async Task<(string Db, Migrator Migrator)> PeopleAsync(string op)
    {
        var db = await NewDatabaseAsync();
        Files.Write(TableId, "people", $"-- cutover:up\n{OperationCases.Table(Postgres)}\n-- cutover:down\nDROP TABLE people;\n");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write(OpId, "operation", $"-- why: the test's operation\n-- cutover:op {op}\n");
        return (db, migrator);
    }

    private static string OldStatement(OperationCase c, int n, Random random) => random.Next(10) switch
    {
        < 3 => OperationCases.OldInsert(100_000 + n),
        < 8 => OperationCases.OldUpdate(random.Next(1, OperationCases.SeedRows + 1), random.Next(1, 100_000)),
        _ => $"DELETE FROM people WHERE id = {random.Next(1, OperationCases.SeedRows + 1)}",
    };

    private static string NewStatement(OperationCase c, int n, Random random) => random.Next(10) switch
    {
        < 3 => c.NewInsert(200_000 + n),
        < 8 => c.NewUpdate(random.Next(1, OperationCases.SeedRows + 1), random.Next(1, 100_000)),
        _ => $"DELETE FROM people WHERE id = {random.Next(1, OperationCases.SeedRows + 1)}",
    };

    /// <summary>
    /// Expands <paramref name="c"/> while an old-version writer writes, then starts a new-version writer on a connection
    /// with the shape the library hands out, and returns with both still writing.
    /// </summary>
    private protected async Task<Window> ExpandUnderWritersAsync(OperationCase c)
    {
        var (db, migrator) = await PeopleAsync(c.Op);
        var schemaBefore = SchemaText.Render(await migrator.ReadSchemaAsync());
        var old = new StatementWriter("old version", await OpenAsync(db), (n, r) => OldStatement(c, n, r));
        old.Start(seed: 1);
        var up = migrator.UpAsync();
        StatementWriter? current = null;
        while (current is null)
        {
            // The new version connects as soon as the library has a shape for it.
            var shape = await migrator.NewShapeStatementsAsync();
            if (shape.Count > 0)
            {
                current = new StatementWriter("new version", await OpenNewShapeAsync(db, shape), (n, r) => NewStatement(c, n, r));
                current.Start(seed: 2);
            }
            else if (up.IsCompleted)
            {
                await up;
                Assert.NotEmpty(await migrator.NewShapeStatementsAsync());
            }
            else
                await Task.Delay(10);
        }
        await up;
        Assert.Equal("expanded", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == OpId).Phase);
        var window = new Window(db, migrator, c, schemaBefore, old, current);
        // Both write in the expanded window before anything is compared.
        await WaitUntilAsync(() => old.Statements > 50 && current.Statements > 50);
        return window;
    }

    private protected sealed record Window(string Db, Migrator Migrator, OperationCase Case, string SchemaBefore, StatementWriter Old, StatementWriter New) : IAsyncDisposable
    {
        public async Task StopWritersAsync()
        {
            await Old.StopAsync();
            await New.StopAsync();
            Assert.True(Old.Failures == 0, Old.Errors);
            Assert.True(New.Failures == 0, New.Errors);
            Assert.True(Old.Statements > 0 && New.Statements > 0, $"old wrote {Old.Statements}, new wrote {New.Statements}");
        }

        public async ValueTask DisposeAsync()
        {
            await Old.DisposeAsync();
            await New.DisposeAsync();
        }
    }

    /// <summary>
    /// Reads both shapes in one snapshot on a new-version connection (the old shape from the table itself) and asserts
    /// each pair of the case agrees row by row; returns the new shape's rows of each pair.
    /// </summary>
    private protected async Task<List<List<string>>> AssertShapesAgreeAsync(Window w)
    {
        await using var connection = await OpenNewShapeAsync(w.Db, await w.Migrator.NewShapeStatementsAsync());
        await ExecuteAsync(connection, Postgres ? "BEGIN ISOLATION LEVEL REPEATABLE READ" : "BEGIN");
        var newRows = new List<List<string>>();
        foreach (var (oldList, newList) in w.Case.Pairs)
        {
            var fromOld = await RowsAsync(connection, $"SELECT id, {oldList} FROM {OldTable} ORDER BY id");
            var fromNew = await RowsAsync(connection, $"SELECT id, {newList} FROM people ORDER BY id");
            Assert.True(fromOld.Count > OperationCases.SeedRows / 2, $"only {fromOld.Count} rows");
            AssertSameRows(fromOld, fromNew, $"{oldList} (old shape) against {newList} (new shape)");
            newRows.Add(fromNew);
        }
        await ExecuteAsync(connection, "COMMIT");
        return newRows;
    }

    private static void AssertSameRows(List<string> expected, List<string> actual, string what)
    {
        var missing = expected.Except(actual).Take(3).ToList();
        var extra = actual.Except(expected).Take(3).ToList();
        Assert.True(missing.Count == 0 && extra.Count == 0 && expected.Count == actual.Count,
            $"{what}: {expected.Count} against {actual.Count} rows; only in the first: {string.Join("; ", missing)}; only in the second: {string.Join("; ", extra)}");
    }

    private protected static async Task WaitUntilAsync(Func<bool> condition)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), "condition not met within 30 s");
            await Task.Delay(10);
        }
    }

    private protected static TableModel People(SchemaModel model) => model.Tables.Single(t => t.Name == "people");

    [Theory]
    [InlineData("add-column")]
    [InlineData("rename-column")]
    [InlineData("alter-column")]
    [InlineData("split-column")]
    [InlineData("merge-columns")]
    [InlineData("drop-column")]
    public Task Both_versions_write_through_expand_verify_and_complete_and_the_shapes_agree_at_each_phase(string kind) => ThroughCompleteAsync(Case(kind));

    [Theory]
    [InlineData("add-column")]
    [InlineData("rename-column")]
    [InlineData("alter-column")]
    [InlineData("split-column")]
    [InlineData("merge-columns")]
    [InlineData("drop-column")]
    public Task Both_versions_write_through_expand_and_abort_and_the_old_shape_is_left_exactly_as_it_was(string kind) => ThroughAbortAsync(Case(kind));

    private protected async Task ThroughCompleteAsync(OperationCase c)
    {
        await using var w = await ExpandUnderWritersAsync(c);
        await AssertShapesAgreeAsync(w);

        var verification = await w.Migrator.VerifyAsync(OpId);
        Assert.True(verification.Clean, $"{verification.Mismatches} mismatching: {string.Join("; ", verification.Samples)}");
        await AssertShapesAgreeAsync(w);
        await w.StopWritersAsync();
        var newShape = await AssertShapesAgreeAsync(w);
        List<string> droppedValues;
        await using (var connection = await OpenAsync(w.Db))
            droppedValues = c.Dropped.Count == 0 ? [] : await RowsAsync(connection, $"SELECT id, {string.Join(", ", c.Dropped)} FROM people ORDER BY id");

        await w.Migrator.CompleteAsync(OpId);

        Assert.Equal("completed", (await w.Migrator.StatusAsync()).Migrations.Single(m => m.Id == OpId).Phase);
        Assert.Empty(await w.Migrator.NewShapeStatementsAsync());
        var people = People(await w.Migrator.ReadSchemaAsync());
        Assert.Equal(c.FinalColumns.Order(), people.Columns.Select(col => col.Name).Order());
        foreach (var column in c.NotNull)
            Assert.False(people.Columns.Single(col => col.Name == column).Nullable, $"{column} is nullable after complete");
        await using (var connection = await OpenAsync(w.Db))
        {
            // What the new version saw is what the table now holds, under the same names.
            for (var i = 0; i < c.Pairs.Count; i++)
                AssertSameRows(newShape[i], await RowsAsync(connection, $"SELECT id, {c.Pairs[i].New} FROM people ORDER BY id"), "the table after complete against the new shape before");
            if (c.Dropped.Count > 0)
                AssertSameRows(droppedValues, await RowsAsync(connection, $"SELECT id, {string.Join(", ", c.Dropped)} FROM cutover_archive_{OpId}_people ORDER BY id"), "the archive against the dropped columns");
        }
    }

    private protected async Task ThroughAbortAsync(OperationCase c)
    {
        await using var w = await ExpandUnderWritersAsync(c);
        await AssertShapesAgreeAsync(w);
        await w.StopWritersAsync();
        await AssertShapesAgreeAsync(w);
        var everyColumn = string.Join(", ", OperationCases.OldColumns);
        List<string> before;
        await using (var connection = await OpenAsync(w.Db))
            before = await RowsAsync(connection, $"SELECT {everyColumn} FROM people ORDER BY id");
        Assert.Contains(before, r => r.StartsWith("2", StringComparison.Ordinal) && r.Length > 6); // rows the new version inserted

        await w.Migrator.AbortAsync(OpId);

        Assert.Equal(w.SchemaBefore, SchemaText.Render(await w.Migrator.ReadSchemaAsync()));
        await using (var connection = await OpenAsync(w.Db))
            AssertSameRows(before, await RowsAsync(connection, $"SELECT {everyColumn} FROM people ORDER BY id"), "the old shape after abort against before it");
        var status = (await w.Migrator.StatusAsync()).Migrations.Single(m => m.Id == OpId);
        Assert.Equal(MigrationState.Pending, status.State);
        Assert.Empty(await w.Migrator.NewShapeStatementsAsync());
    }

    [Fact]
    public async Task A_mismatch_made_behind_the_triggers_is_found_blocks_complete_and_is_repaired()
    {
        var (db, migrator) = await PeopleAsync(Case("split-column").Op);
        await migrator.UpAsync();
        Assert.Null(StatusOf(await migrator.StatusAsync()).Verification);
        Assert.True((await migrator.VerifyAsync(OpId)).Clean);
        Assert.True(StatusOf(await migrator.StatusAsync()).Verification!.Clean);
        await ExecuteAsync(db, MismatchBehindTheTriggers);

        var found = await migrator.VerifyAsync(OpId, new VerifyOptions { BatchSize = 100 });

        Assert.Equal(1, found.Mismatches);
        Assert.Equal(OperationCases.SeedRows, found.Rows);
        Assert.EndsWith(" 7", Assert.Single(found.Samples));
        // Status carries the stored result, as complete reads it.
        var stored = StatusOf(await migrator.StatusAsync()).Verification!;
        Assert.Equal((found.Rows, 1L, false), (stored.Rows, stored.Mismatches, stored.Clean));
        Assert.EndsWith(" 7", stored.Detail);
        Assert.Equal(found.At, stored.At, TimeSpan.FromSeconds(1));
        var refused = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.CompleteAsync(OpId));
        Assert.Equal(MigrationConflict.NotVerified, refused.Conflict);
        Assert.Contains("1 mismatching", refused.Message);

        var repair = await migrator.VerifyAsync(OpId, new VerifyOptions { Repair = true, BatchSize = 100 });
        Assert.Equal(1, repair.Repaired);
        // A repair alone does not count as a clean verification: verify again.
        Assert.Equal(MigrationConflict.NotVerified, (await Assert.ThrowsAsync<MigrationStateException>(() => migrator.CompleteAsync(OpId))).Conflict);
        Assert.True((await migrator.VerifyAsync(OpId)).Clean);
        await migrator.CompleteAsync(OpId);

        await using var connection = await OpenAsync(db);
        Assert.Equal(["7|F7|L7"], await RowsAsync(connection, "SELECT id, first_name, last_name FROM people WHERE id = 7"));
    }

    [Fact]
    public async Task A_verification_older_than_the_last_backfill_batch_does_not_let_complete_run()
    {
        var (db, migrator) = await PeopleAsync(Case("split-column").Op);
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync(OpId)).Clean);
        // A batch after the verification (a resumed or re-run backfill) changed rows no verification has compared.
        await ExecuteAsync(db, $"UPDATE cutover_backfill SET updated_at = '2099-01-01 00:00:00' WHERE migration_id = '{OpId}'");

        var refused = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.CompleteAsync(OpId));

        Assert.Equal(MigrationConflict.NotVerified, refused.Conflict);
        Assert.Contains("older than the last backfill batch", refused.Message);
    }

    [Fact]
    public async Task A_forced_complete_needs_a_reason_and_the_audit_log_keeps_it()
    {
        var (db, migrator) = await PeopleAsync(Case("split-column").Op);
        await migrator.UpAsync();
        await ExecuteAsync(db, MismatchBehindTheTriggers);
        Assert.False((await migrator.VerifyAsync(OpId)).Clean);

        await Assert.ThrowsAsync<InvalidOptionException>(() => migrator.CompleteAsync(OpId, new CompleteOptions { Force = true }));
        await migrator.CompleteAsync(OpId, new CompleteOptions { Force = true, Reason = "row 7 is a test row" });

        Assert.Equal("completed", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == OpId).Phase);
        var forced = Assert.Single(await migrator.HistoryAsync(), e => e.Action == "complete" && e.Outcome == "forced");
        Assert.Equal(OpId, forced.MigrationId);
        Assert.Equal("row 7 is a test row", forced.Detail);
    }

    [Fact]
    public async Task A_second_operation_on_the_same_table_is_refused_naming_the_first_and_one_on_another_table_runs_beside_it()
    {
        var (db, migrator) = await PeopleAsync("rename-column people.name to full_name");
        await ExecuteAsync(db, "CREATE TABLE pets (id integer PRIMARY KEY, name text)", "INSERT INTO pets VALUES (1, 'Rex')");
        await migrator.UpAsync();
        Files.Write("20260101000003", "drop_legacy", "-- cutover:op drop-column people.legacy\n");

        var refused = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.UpAsync());

        Assert.Equal(MigrationConflict.OperationOverlap, refused.Conflict);
        Assert.Contains(OpId, refused.Message);
        Assert.Contains("people", refused.Message);
        var status = await migrator.StatusAsync();
        Assert.Equal(MigrationState.Pending, status.Migrations.Single(m => m.Id == "20260101000003").State);
        Assert.Equal(1, await CountAsync(db, $"SELECT count(*) FROM cutover_operation"));

        Files.Write("20260101000003", "drop_legacy", "-- cutover:op rename-column pets.name to nickname\n");
        await migrator.UpAsync();

        status = await migrator.StatusAsync();
        Assert.Equal(["expanded", "expanded"], status.Migrations.Where(m => m.Id != TableId).Select(m => m.Phase));
        await using (var connection = await OpenNewShapeAsync(db, await migrator.NewShapeStatementsAsync()))
        {
            Assert.Equal(["1|Rex"], await RowsAsync(connection, "SELECT id, nickname FROM pets"));
            Assert.Equal(["1|F1 L1"], await RowsAsync(connection, "SELECT id, full_name FROM people WHERE id = 1"));
        }
        await migrator.CompleteAsync("20260101000003");
        await migrator.CompleteAsync(OpId);
    }

    public static TheoryData<string, string> BadLines => new()
    {
        { "frobnicate people.name", "unknown operation 'frobnicate'" },
        { "alter-column people.score type text up \"CAST(score AS text) down \"x\"", "unterminated" },
        { "rename-column people.nope to other", "people has no column nope" },
        { "rename-column nokey.b to c", "nokey has no primary key" },
        { "rename-column people.name to given", "people already has a column given" },
        { "drop-column people.id", "primary key" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task A_bad_operation_line_names_file_and_line_and_writes_nothing_on_a_first_run(string line, string problem)
    {
        var db = await NewDatabaseAsync();
        // The tables exist before Cutover ever ran: a catalog check happens on a first run too.
        await ExecuteAsync(db, "CREATE TABLE people (id integer PRIMARY KEY, name text, given text, score integer)", "CREATE TABLE nokey (a integer, b text)");
        var path = Files.Write(OpId, "bad", $"-- why: bad input\n-- cutover:op {line}\n");
        var migrator = NewMigrator(db);
        var schema = SchemaText.Render(await migrator.ReadSchemaAsync());

        var error = await Assert.ThrowsAsync<InvalidFileException>(() => migrator.UpAsync());

        Assert.StartsWith($"{path}:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message);
        Assert.Equal(0, await CountAsync(db, CutoverObjectCount));
        Assert.Equal(schema, SchemaText.Render(await migrator.ReadSchemaAsync()));
    }

    public void Dispose()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
