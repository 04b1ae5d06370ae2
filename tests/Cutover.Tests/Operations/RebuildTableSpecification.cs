using System.Data.Common;
using Cutover.Files;
using Cutover.Operations;
using Cutover.Running;
using Cutover.Schema;
using Cutover.Sql;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Operations;

/// <summary>
/// rebuild-table with an old-version writer (events with amount as text and kind nullable) and a new-version writer
/// (the rebuilt events: amount an integer, kind NOT NULL with a default, columns in another order) running at once
/// through expand → verify → complete and expand → abort.
/// </summary>
public abstract class RebuildTableSpecification : OperationWindowSpecification
{
    private const int Rows = 3000;
    private const string Id = "20260102000000";
    private const string Shadow = "cutover_shadow_20260102000000_events";
    private const string Archive = "cutover_archive_20260102000000_events";

    /// <summary>Statements that run <paramref name="sql"/> on the shadow table without its triggers carrying it to the old table.</summary>
    private protected abstract Task<IReadOnlyList<string>> BehindTheTriggersAsync(string db, string sql);

    private protected const string ShadowTable = Shadow;

    private string Rebuild =>
        $"-- cutover:op rebuild-table events \"id {KeyType} PRIMARY KEY, kind text NOT NULL DEFAULT 'none', amount integer NOT NULL DEFAULT 0, payload text\" " +
        "up (kind \"coalesce(kind, 'none')\", amount \"coalesce(CAST(amount AS integer), 0)\") down (amount \"CAST(amount AS text)\")\n";

    private async Task<(string Db, Migrator Migrator)> EventsAsync(string? operation = null)
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000000", "events", $"""
            -- cutover:up
            CREATE TABLE events (id {KeyType} PRIMARY KEY, payload text, kind text, amount text);
            CREATE INDEX events_kind ON events (kind);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO events (id, payload, kind, amount) SELECT i, 'p' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'k' || (i % 5) END, CAST(i % 100 AS text) FROM n;
            -- cutover:down
            DROP TABLE events;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write(Id, "rebuild_events", operation ?? Rebuild);
        return (db, migrator);
    }

    /// <summary>The old version: inserts (amount as text, kind sometimes NULL), updates rows the new version updates too, reads, deletes its own.</summary>
    private static async Task OldStep(DbConnection c, int i)
    {
        switch (i % 4)
        {
            case 0: await ShapeWriter.ExecuteAsync(c, $"INSERT INTO events (id, payload, kind, amount) VALUES ({100000 + i}, 'old-{100000 + i}', {(i % 8 == 0 ? "NULL" : "'old'")}, '{i % 50}')"); break;
            case 1: await ShapeWriter.ExecuteAsync(c, $"UPDATE events SET amount = '{i % 70}', payload = 'old update {i}' WHERE id = {i % Rows + 1}"); break;
            case 2: await ShapeWriter.ScalarAsync(c, $"SELECT amount FROM events WHERE id = {i % Rows + 1}"); break;
            default:
                if (i % 8 == 7)
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM events WHERE id = {100000 + i - 3}");
                else
                    await ShapeWriter.ExecuteAsync(c, $"UPDATE events SET kind = NULL WHERE id = {(i * 7) % Rows + 1}");
                break;
        }
    }

    /// <summary>The new version: inserts (amount an integer, kind left to its default), updates shared rows, reads with integer arithmetic, deletes its own.</summary>
    private static async Task NewStep(DbConnection c, int i)
    {
        switch (i % 4)
        {
            case 0: await ShapeWriter.ExecuteAsync(c, $"INSERT INTO events (id, amount, payload) VALUES ({200000 + i}, {i % 90}, 'new-{200000 + i}')"); break;
            case 1: await ShapeWriter.ExecuteAsync(c, $"UPDATE events SET amount = {1000 + i}, kind = 'new' WHERE id = {i % Rows + 1}"); break;
            case 2: await ShapeWriter.ScalarAsync(c, $"SELECT amount + 1 FROM events WHERE id = {i % Rows + 1} AND kind IS NOT NULL"); break;
            default:
                if (i % 8 == 7)
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM events WHERE id = {200000 + i - 3}");
                else
                    await ShapeWriter.ExecuteAsync(c, $"UPDATE events SET payload = 'new update {i}' WHERE id = {(i * 5) % Rows + 1}");
                break;
        }
    }

    /// <summary>Old rows whose shadow row is missing or is not what the up expressions make of them, and shadow rows without an old row: both zero.</summary>
    private async Task AssertShapesAgreeAsync(string db, string when)
    {
        var differing = await CountAsync(db, $"SELECT count(*) FROM events e WHERE NOT EXISTS (SELECT 1 FROM {Shadow} s WHERE s.id = e.id " +
                                             $"AND s.kind = coalesce(e.kind, 'none') AND s.amount = coalesce(CAST(e.amount AS integer), 0) AND s.payload {Same} e.payload)");
        var orphans = await CountAsync(db, $"SELECT count(*) FROM {Shadow} s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.id = s.id)");
        Assert.True(differing == 0 && orphans == 0, $"{when}: {differing} event(s) without an agreeing shadow row, {orphans} shadow row(s) without an event");
    }

    [Fact]
    public async Task Both_versions_write_through_expand_verify_and_complete_without_a_failed_statement_and_the_table_has_the_new_definition()
    {
        var (db, migrator) = await EventsAsync();
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), OldStep);
        await old.AdvanceAsync(20);

        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), NewStep);
        await Task.WhenAll(old.AdvanceAsync(200), fresh.AdvanceAsync(200));
        await AssertShapesAgreeAsync(db, "expanded, both writing");
        await using (var shaped = await OpenNewAsync(db, migrator))
        {
            Assert.Equal(["id", "kind", "amount", "payload"], await ColumnsAsync(shaped, "events"));
            // What the old version wrote, in the new shape.
            Assert.True(Convert.ToInt64(await ShapeWriter.ScalarAsync(shaped, "SELECT count(*) FROM events WHERE id BETWEEN 100000 AND 199999 AND payload = 'old-' || id AND kind IN ('old', 'none')")) > 0);
        }
        await using (var plain = await OpenOldAsync(db))
            Assert.Equal(["id", "payload", "kind", "amount"], await ColumnsAsync(plain, "events"));
        // What the new version wrote, in the old shape: amount as text, kind its default.
        Assert.True(await CountAsync(db, "SELECT count(*) FROM events WHERE id >= 200000 AND payload = 'new-' || id AND kind = 'none' AND amount = CAST((id - 200000) % 90 AS text)") > 0);

        var verification = await migrator.VerifyAsync(Id);
        Assert.True(verification.Clean, string.Join("; ", verification.Samples));
        Assert.True(verification.Rows >= Rows);
        await Task.WhenAll(old.AdvanceAsync(50), fresh.AdvanceAsync(50));
        NoErrors(old, fresh);

        // The old version is retired before the switch.
        await old.StopAsync();
        await AssertShapesAgreeAsync(db, "the old version stopped");
        if (NewVersionReopensAfterComplete)
            await fresh.StopAsync();
        await migrator.CompleteAsync(Id);
        if (NewVersionReopensAfterComplete)
            fresh = ShapeWriter.Start("new version, reopened", () => OpenNewAsync(db, migrator), (c, i) => NewStep(c, i + 50000));
        await fresh.AdvanceAsync(100);
        await fresh.StopAsync();
        NoErrors(old, fresh);

        var events = (await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == "events");
        Assert.Equal(["id", "kind", "amount", "payload"], events.Columns.Select(c => c.Name));
        Assert.Equal("integer", events.Columns.Single(c => c.Name == "amount").Type, StringComparer.OrdinalIgnoreCase);
        Assert.False(events.Columns.Single(c => c.Name == "amount").Nullable);
        Assert.False(events.Columns.Single(c => c.Name == "kind").Nullable);
        Assert.Equal(["events_kind"], events.Indexes.Select(i => i.Name));
        // Every row the old table had when it was switched out is in the rebuilt one; those of the old version (which
        // the new one does not touch after complete) as the up expressions make them.
        Assert.True(await CountAsync(db, $"SELECT count(*) FROM {Archive}") >= Rows);
        Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM {Archive} a WHERE a.id < 200000 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = a.id)"));
        Assert.True(await CountAsync(db, "SELECT count(*) FROM events WHERE id BETWEEN 100000 AND 199999") > 0);
        Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM {Archive} a WHERE a.id BETWEEN 100000 AND 199999 AND NOT EXISTS (SELECT 1 FROM events e WHERE e.id = a.id " +
                                             $"AND e.kind = coalesce(a.kind, 'none') AND e.amount = coalesce(CAST(a.amount AS integer), 0) AND e.payload {Same} a.payload)"));
        Assert.False(await ExistsAsync(db, Shadow));
        await Assert.ThrowsAnyAsync<DbException>(() => ExecuteAsync(db, "INSERT INTO events (id, kind, amount) VALUES (900000, NULL, 1)"));
    }

    [Fact]
    public async Task Both_versions_write_through_expand_and_abort_and_the_old_table_keeps_every_write()
    {
        var (db, migrator) = await EventsAsync();
        var before = SchemaText.Render(await migrator.ReadSchemaAsync());
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), OldStep);
        await old.AdvanceAsync(20);
        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), NewStep);
        await Task.WhenAll(old.AdvanceAsync(200), fresh.AdvanceAsync(200));
        await AssertShapesAgreeAsync(db, "expanded, both writing");

        await fresh.StopAsync();
        var written = await CountAsync(db, $"SELECT count(*) FROM {Shadow} WHERE id >= 200000");
        var updated = await CountAsync(db, $"SELECT count(*) FROM {Shadow} WHERE kind = 'new'");
        await migrator.AbortAsync(Id);
        await old.AdvanceAsync(100);
        await old.StopAsync();
        NoErrors(old, fresh);

        Assert.False(await ExistsAsync(db, Shadow));
        Assert.Equal(before, SchemaText.Render(await migrator.ReadSchemaAsync()));
        Assert.True(written > 0 && updated > 0);
        Assert.Equal(written, await CountAsync(db, "SELECT count(*) FROM events WHERE id >= 200000 AND payload = 'new-' || id AND kind = 'none'"));
        // The new version's updates of shared rows reached the old table (unless the old version wrote the row since).
        Assert.True(await CountAsync(db, "SELECT count(*) FROM events WHERE kind = 'new' AND CAST(amount AS integer) >= 1000") > 0);
    }

    /// <summary>What no rebuild can do, refused before anything is written ({key} is the engine's key type).</summary>
    [Theory]
    [InlineData("rebuild-table events \"id {key}, kind text PRIMARY KEY\"", "the new definition's primary key (kind) is not events's (id)")]
    [InlineData("rebuild-table events \"id {key} PRIMARY KEY, kind text, weight integer\"", "the new column weight has no up expression and no old column of its name")]
    [InlineData("rebuild-table events \"id {key} PRIMARY KEY, kind text\" up (kind \"upper(kind)\") down (kind \"lower(kind)\", missing \"1\")", "down: events has no column missing")]
    public async Task A_rebuild_that_cannot_be_done_is_refused_with_its_file_and_line_before_anything_is_written(string op, string problem)
    {
        op = op.Replace("{key}", KeyType, StringComparison.Ordinal);
        var (db, migrator) = await EventsAsync($"-- some comment\n-- cutover:op {op}\n");
        var schema = SchemaText.Render(await migrator.ReadSchemaAsync());

        var error = await Assert.ThrowsAsync<InvalidFileException>(() => migrator.UpAsync());

        Assert.StartsWith($"{Path.Combine(Files.Folder, Id + "_rebuild_events.sql")}:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message);
        Assert.Equal(schema, SchemaText.Render(await migrator.ReadSchemaAsync()));
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single(m => m.Id == Id).State);
        Assert.False(await ExistsAsync(db, Shadow));
    }

    [Fact]
    public async Task Another_operation_on_the_table_is_refused_while_the_rebuild_is_in_flight()
    {
        var (_, migrator) = await EventsAsync();
        await migrator.UpAsync();
        Files.Write("20260103000000", "drop_payload", "-- cutover:op drop-column events.payload\n");
        var refused = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.UpAsync());
        Assert.Equal(MigrationConflict.OperationOverlap, refused.Conflict);
        Assert.Contains(Id, refused.Message);
    }

    [Fact]
    public async Task Down_after_complete_brings_back_the_old_table_with_the_rows_written_since_in_the_new_shape()
    {
        var (db, migrator) = await EventsAsync();
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync(Id)).Clean);
        await migrator.CompleteAsync(Id);
        await ExecuteAsync(db, "INSERT INTO events (id, amount, payload) VALUES (5000, 42, 'after complete')");
        await ExecuteAsync(db, "UPDATE events SET amount = 7 WHERE id = 1");
        await ExecuteAsync(db, "DELETE FROM events WHERE id = 2");

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        var events = (await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == "events");
        Assert.Equal(["id", "payload", "kind", "amount"], events.Columns.Select(c => c.Name));
        Assert.Equal(["events_kind"], events.Indexes.Select(i => i.Name));
        Assert.Equal(Rows, await CountAsync(db, "SELECT count(*) FROM events"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM events WHERE id = 5000 AND amount = '42' AND kind = 'none' AND payload = 'after complete'"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM events WHERE id = 1 AND amount = '7'"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM events WHERE id = 2"));
        Assert.False(await ExistsAsync(db, Archive));
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single(m => m.Id == Id).State);
    }

    [Fact]
    public async Task Verify_finds_and_repairs_a_shadow_row_changed_behind_the_triggers()
    {
        var (db, migrator) = await EventsAsync();
        await migrator.UpAsync();
        foreach (var statement in await BehindTheTriggersAsync(db, $"DELETE FROM {Shadow} WHERE id = 7"))
            await ExecuteAsync(db, statement);
        Assert.Equal(1, (await migrator.VerifyAsync(Id)).Mismatches);
        await migrator.VerifyAsync(Id, new VerifyOptions { Repair = true });
        Assert.True((await migrator.VerifyAsync(Id)).Clean);
        await AssertShapesAgreeAsync(db, "repaired");
    }
}

public sealed class PostgresRebuildTableTests : RebuildTableSpecification
{
    private protected override IDatabaseProvider Provider => PostgresWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
    private protected override string Same => "IS NOT DISTINCT FROM";
    private protected override bool NewVersionReopensAfterComplete => false;
    private protected override string KeyType => "bigint";
    private protected override Task<IReadOnlyList<string>> BehindTheTriggersAsync(string db, string sql) =>
        Task.FromResult<IReadOnlyList<string>>([$"ALTER TABLE {ShadowTable} DISABLE TRIGGER USER", sql, $"ALTER TABLE {ShadowTable} ENABLE TRIGGER USER"]);
}

public sealed class SqliteRebuildTableTests : RebuildTableSpecification
{
    private protected override IDatabaseProvider Provider => SqliteWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => SqliteWindow.NewDatabaseAsync();
    private protected override string Same => "IS";
    private protected override bool NewVersionReopensAfterComplete => true;
    private protected override string KeyType => "integer";

    // SQLite cannot disable a trigger: the one that carries deletes back is dropped for the statement and made again.
    private protected override async Task<IReadOnlyList<string>> BehindTheTriggersAsync(string db, string sql)
    {
        await using var connection = await OpenOldAsync(db);
        var trigger = (string)(await ShapeWriter.ScalarAsync(connection, "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%rebuild_back_delete'"))!;
        var name = (string)(await ShapeWriter.ScalarAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE '%rebuild_back_delete'"))!;
        return [$"DROP TRIGGER \"{name}\"", sql, trigger];
    }
}

/// <summary>The directive's text form: what it reads into, that it writes back the same, and the errors of a malformed one.</summary>
public sealed class RebuildTableLineTests
{
    [Fact]
    public void A_rebuild_directive_reads_into_its_definition_and_expressions_and_writes_back_the_same()
    {
        const string text = "rebuild-table app.events \"id bigint PRIMARY KEY, note text NOT NULL DEFAULT '\"\"x\"\"'\" up (note \"coalesce(note, '')\") down (note \"nullif(note, '')\", legacy \"1\")";
        var file = MigrationFileParser.Parse("/m/20260101000000_rebuild.sql", $"-- cutover:op {text}\n", SqlDialect.Postgres);

        var op = Assert.IsType<RebuildTable>(Assert.Single(file.Steps).Operation);
        Assert.Equal(new TableName("app", "events"), op.Table);
        Assert.Equal("id bigint PRIMARY KEY, note text NOT NULL DEFAULT '\"x\"'", op.Definition);
        Assert.Equal([new ColumnValue("note", "coalesce(note, '')")], op.Up);
        Assert.Equal([new ColumnValue("note", "nullif(note, '')"), new ColumnValue("legacy", "1")], op.Down);
        Assert.Equal(text, op.Text);
        Assert.Equal(text, Assert.Single(MigrationFileParser.Parse("/m/20260101000000_rebuild.sql", $"-- cutover:op {op.Text}\n", SqlDialect.Postgres).Steps).Operation!.Text);
    }

    [Fact]
    public void Up_and_down_are_optional_and_a_missing_expression_is_an_error_with_file_line_and_form()
    {
        var plain = Assert.IsType<RebuildTable>(Assert.Single(MigrationFileParser.Parse("/m/20260101000000_rebuild.sql", "-- cutover:op rebuild-table events \"id integer PRIMARY KEY\"\n", SqlDialect.Sqlite).Steps).Operation);
        Assert.Empty(plain.Up);
        Assert.Empty(plain.Down);

        var error = Assert.Throws<InvalidFileException>(() => MigrationFileParser.Parse("/m/20260101000000_rebuild.sql", "\n-- cutover:op rebuild-table events \"id integer PRIMARY KEY\" up (note)\n", SqlDialect.Sqlite));
        Assert.StartsWith("/m/20260101000000_rebuild.sql:2: rebuild-table:", error.Message, StringComparison.Ordinal);
        Assert.Contains("'note' must be followed by a \"quoted expression\"", error.Message, StringComparison.Ordinal);
        Assert.Contains(OperationLine.Forms["rebuild-table"], error.Remedy, StringComparison.Ordinal);
    }
}
