using Cutover.Postgres;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Operations;

public sealed class PostgresOperationTests : OperationSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new PostgresProvider();

    private protected override bool Postgres => true;

    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();

    // A connection of the new version finds the view first on its search_path; public. reaches the table.
    private protected override string OldTable => "public.people";

    // The trigger keeps any write consistent; only with it disabled can a row disagree.
    private protected override string[] MismatchBehindTheTriggers =>
        ["ALTER TABLE people DISABLE TRIGGER USER", "UPDATE people SET first_name = 'X' WHERE id = 7", "ALTER TABLE people ENABLE TRIGGER USER"];

    private protected override string CutoverObjectCount =>
        "SELECT (SELECT count(*) FROM pg_class WHERE relname LIKE 'cutover%') + (SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'cutover%')";

    // set-not-null is PostgreSQL's only (CHECK NOT VALID, VALIDATE, SET NOT NULL); SQLite refuses it (SqliteOperationTests).
    [Fact]
    public Task Set_not_null_with_both_versions_writing_through_expand_verify_and_complete() => ThroughCompleteAsync(Case("set-not-null"));

    [Fact]
    public Task Set_not_null_with_both_versions_writing_through_expand_and_abort() => ThroughAbortAsync(Case("set-not-null"));

    [Fact]
    public async Task A_complete_that_fails_after_validating_is_left_completing_up_and_down_refuse_and_complete_again_finishes_it()
    {
        var (db, migrator) = await PeopleAsync("set-not-null people.email up \"'none@x'\"");
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync(OpId)).Clean);
        // An object of the team's that depends on the version's view: complete's transaction cannot drop the view, after
        // its VALIDATE step (outside that transaction) has committed.
        await ExecuteAsync(db, $"CREATE VIEW people_emails AS SELECT id, email FROM \"cutover_v{OpId}\".people");

        await Assert.ThrowsAsync<MigrationFailedException>(() => migrator.CompleteAsync(OpId));

        var status = (await migrator.StatusAsync()).Migrations.Single(m => m.Id == OpId);
        Assert.Equal("completing", status.Phase);
        Assert.True(People(await migrator.ReadSchemaAsync()).Columns.Single(c => c.Name == "email").Nullable);
        Assert.Equal(MigrationConflict.CompleteUnfinished, (await Assert.ThrowsAsync<MigrationStateException>(() => migrator.UpAsync())).Conflict);
        Assert.Equal(MigrationConflict.CompleteUnfinished, (await Assert.ThrowsAsync<MigrationStateException>(() => migrator.DownAsync())).Conflict);
        Assert.Equal(MigrationConflict.CompleteUnfinished, Assert.Single((await migrator.ValidateAsync()).Issues).Conflict);

        await ExecuteAsync(db, "DROP VIEW people_emails");
        await migrator.RepairAsync();
        await migrator.CompleteAsync(OpId);

        Assert.Equal("completed", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == OpId).Phase);
        Assert.False(People(await migrator.ReadSchemaAsync()).Columns.Single(c => c.Name == "email").Nullable);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM people WHERE email IS NULL"));
    }

    [Fact]
    public async Task Abort_of_a_dropped_not_null_column_is_refused_while_rows_of_the_new_version_have_no_value_and_changes_nothing()
    {
        var db = await NewDatabaseAsync();
        Files.Write(TableId, "items", "-- cutover:up\nCREATE TABLE items (id integer PRIMARY KEY, name text, legacy text NOT NULL);\nINSERT INTO items VALUES (1, 'old', 'kept');\n-- cutover:down\nDROP TABLE items;\n");
        Files.Write(OpId, "drop_legacy", "-- cutover:op drop-column items.legacy\n");
        var migrator = NewMigrator(db);
        await migrator.UpAsync(new Cutover.Running.UpOptions { To = TableId });
        var before = Cutover.Schema.SchemaText.Render(await migrator.ReadSchemaAsync());
        await migrator.UpAsync();
        await using (var shaped = await OpenNewShapeAsync(db, await migrator.NewShapeStatementsAsync()))
            await ExecuteAsync(shaped, "INSERT INTO items (id, name) VALUES (2, 'new')");

        var refused = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.AbortAsync(OpId));

        Assert.Contains("1 row(s) of public.items have no legacy", refused.Message);
        await using (var connection = await OpenAsync(db))
            Assert.Equal(["1|old|kept", "2|new|∅"], await RowsAsync(connection, "SELECT id, name, legacy FROM items ORDER BY id"));
        await ExecuteAsync(db, "UPDATE items SET legacy = 'filled' WHERE legacy IS NULL");
        await migrator.AbortAsync(OpId);

        Assert.Equal(before, Cutover.Schema.SchemaText.Render(await migrator.ReadSchemaAsync()));
        await using (var connection = await OpenAsync(db))
            Assert.Equal(["1|old|kept", "2|new|filled"], await RowsAsync(connection, "SELECT id, name, legacy FROM items ORDER BY id"));
    }

    /// <summary>
    /// On PostgreSQL the new version's connection needs nothing at complete: its search_path finds the view until the
    /// contract drops it, then the table under the same names. Complete must switch in one transaction, or the new
    /// version's statements fail in between (a renamed column that is neither in a view nor yet in the table).
    /// </summary>
    [Theory]
    [InlineData("rename-column")]
    [InlineData("split-column")]
    [InlineData("alter-column")]
    public async Task The_new_version_keeps_writing_through_complete_without_a_failed_statement(string kind)
    {
        await using var w = await ExpandUnderWritersAsync(Case(kind));
        Assert.True((await w.Migrator.VerifyAsync(OpId)).Clean);
        // The old version is gone before its shape is contracted; the new one keeps writing.
        await w.Old.StopAsync();
        var before = w.New.Statements;

        await w.Migrator.CompleteAsync(OpId);
        var atComplete = w.New.Statements;
        await WaitUntilAsync(() => w.New.Statements > atComplete + 50);
        await w.New.StopAsync();

        Assert.True(w.New.Failures == 0, w.New.Errors);
        Assert.True(atComplete > before, "the new version wrote nothing while complete ran");
    }
}
