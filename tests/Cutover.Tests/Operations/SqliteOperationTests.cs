using Cutover.Running;
using Cutover.Schema;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Operations;

public sealed class SqliteOperationTests : OperationSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override bool Postgres => false;

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());

    // On a connection of the new version the TEMP view has the table's name; main. reaches the table.
    private protected override string OldTable => "main.people";

    // The triggers derive the new columns when the old version writes name; a direct write of first_name is neither side.
    private protected override string[] MismatchBehindTheTriggers => ["UPDATE people SET first_name = 'X' WHERE id = 7"];

    private protected override string CutoverObjectCount => "SELECT count(*) FROM sqlite_master WHERE name LIKE 'cutover%'";

    /// <summary>What no strategy can do is refused before anything is written, with the reason.</summary>
    [Theory]
    [InlineData("add-column people.role text not null", "role is NOT NULL with neither a default nor an up expression")]
    [InlineData("drop-column things.qty", "qty is NOT NULL without a default")]
    public async Task An_operation_that_cannot_be_done_is_refused_with_the_reason_and_writes_nothing(string op, string problem)
    {
        var (db, migrator) = await PeopleAsync(op);
        await ExecuteAsync(db, "CREATE TABLE things (id integer PRIMARY KEY, qty integer NOT NULL)");
        var schema = SchemaText.Render(await migrator.ReadSchemaAsync());

        var error = await Assert.ThrowsAsync<InvalidFileException>(() => migrator.UpAsync());

        Assert.StartsWith($"{Path.Combine(Files.Folder, OpId + "_operation.sql")}:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message);
        Assert.Equal(schema, SchemaText.Render(await migrator.ReadSchemaAsync()));
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single(m => m.Id == OpId).State);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM cutover_operation"));
    }

    [Fact]
    public async Task A_new_not_null_column_with_a_constant_default_is_added_in_place()
    {
        var (db, migrator) = await PeopleAsync("add-column people.role text not null default \"'member'\"");

        await migrator.UpAsync();
        await ExecuteAsync(db, OperationCases.OldInsert(5000));
        await using (var connection = await OpenNewShapeAsync(db, await migrator.NewShapeStatementsAsync()))
        {
            await ExecuteAsync(connection, "INSERT INTO people (id, name) VALUES (5001, 'new')");
            await ExecuteAsync(connection, "INSERT INTO people (id, name, role) VALUES (5002, 'admin', 'admin')");
            Assert.Equal(["1|member", "5000|member", "5001|member", "5002|admin"], await RowsAsync(connection, "SELECT id, role FROM people WHERE id IN (1, 5000, 5001, 5002) ORDER BY id"));
        }
        await migrator.CompleteAsync(OpId);

        Assert.False(People(await migrator.ReadSchemaAsync()).Columns.Single(c => c.Name == "role").Nullable);
    }

    [Fact]
    public async Task Complete_drops_the_indexes_on_the_dropped_column_and_keeps_the_one_on_a_column_whose_name_contains_it()
    {
        var (db, migrator) = await PeopleAsync("drop-column items.note");
        await ExecuteAsync(db, "CREATE TABLE items (id integer PRIMARY KEY, note text, notes_count integer)",
            "CREATE INDEX items_note ON items (note)", "CREATE INDEX items_notes_count ON items (notes_count)", "INSERT INTO items VALUES (1, 'n', 3)");
        await migrator.UpAsync();

        await migrator.CompleteAsync(OpId);

        var items = (await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == "items");
        Assert.Equal(["id", "notes_count"], items.Columns.Select(c => c.Name));
        Assert.Equal(["items_notes_count"], items.Indexes.Select(i => i.Name));
    }
    [Fact]
    public async Task Complete_that_drops_several_columns_rebuilds_the_table_once_and_keeps_its_children_indexes_and_rows()
    {
        var (db, migrator) = await PeopleAsync("merge-columns people (given, family) into display text up \"given || ' ' || family\" down (given \"substr(display, 1, instr(display, ' ') - 1)\", family \"substr(display, instr(display, ' ') + 1)\")");
        await ExecuteAsync(db, "CREATE INDEX people_score ON people (score)", "CREATE INDEX people_given ON people (given)",
            "CREATE TABLE notes (id integer PRIMARY KEY, person integer NOT NULL REFERENCES people (id) ON DELETE CASCADE, body text)",
            "INSERT INTO notes (person, body) SELECT id, 'note ' || id FROM people");
        var notes = await CountAsync(db, "SELECT count(*) FROM notes");
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync(OpId)).Clean);
        // A rebuild writes a new b-tree (a new root page) once; DROP COLUMN would rewrite the old one once per column.
        var rootPage = await CountAsync(db, "SELECT rootpage FROM sqlite_master WHERE name = 'people'");
        await migrator.CompleteAsync(OpId);

        Assert.NotEqual(rootPage, await CountAsync(db, "SELECT rootpage FROM sqlite_master WHERE name = 'people'"));

        var schema = await migrator.ReadSchemaAsync();
        Assert.Equal(["id", "name", "score", "email", "legacy", "display"], People(schema).Columns.Select(c => c.Name));
        Assert.Equal(["people_score"], People(schema).Indexes.Select(i => i.Name));
        Assert.True(notes > 0);
        Assert.Equal(notes, await CountAsync(db, "SELECT count(*) FROM notes"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM pragma_foreign_key_check"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM people WHERE display IS NOT 'A' || id || ' B' || id"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM sqlite_master WHERE name LIKE 'cutover_rebuild%'"));
        // The children still reference the rebuilt table: deleting a person cascades.
        await ExecuteAsync(db, "PRAGMA foreign_keys = ON; DELETE FROM people WHERE id = 1");
        Assert.Equal(notes - 1, await CountAsync(db, "SELECT count(*) FROM notes"));
    }
    [Fact]
    public async Task Complete_that_rebuilds_is_refused_while_the_table_has_an_index_expand_did_not_see_and_writes_nothing()
    {
        var (db, migrator) = await PeopleAsync("set-not-null people.email up \"'none@x'\"");
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync(OpId)).Clean);
        // Created by hand while expanded: the rebuild, rendered at expand, would lose it.
        await ExecuteAsync(db, "CREATE INDEX people_name_by_hand ON people (name)");
        var schema = SchemaText.Render(await migrator.ReadSchemaAsync());

        var refused = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.CompleteAsync(OpId));

        Assert.Equal(MigrationConflict.OperationPhase, refused.Conflict);
        Assert.Contains("1 index(es) or trigger(s) of people created or dropped since expand", refused.Message);
        Assert.Contains("people_name_by_hand", refused.Message);
        Assert.Equal(schema, SchemaText.Render(await migrator.ReadSchemaAsync()));
        Assert.Equal("expanded", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == OpId).Phase);

        await ExecuteAsync(db, "DROP INDEX people_name_by_hand");
        await migrator.CompleteAsync(OpId);
        Assert.False(People(await migrator.ReadSchemaAsync()).Columns.Single(c => c.Name == "email").Nullable);
    }
}
