using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Operations;

/// <summary>
/// An expand whose first step failed (and rolled back) made none of the objects its abort steps drop. SQLite's abort
/// drops the added column without IF EXISTS (it has none), so running those steps would fail: abort must see that no
/// step committed and drop only the stored plan and the history row.
/// </summary>
public sealed class SqliteAbortBeforeFirstStepTests : IDisposable
{
    private readonly MigrationsFolder _files = new();

    [Fact]
    public async Task Abort_of_an_expand_whose_first_step_failed_leaves_the_table_as_it_was_and_the_migration_pending()
    {
        var db = SqliteFiles.NewDatabase();
        _files.Write("20260101000001", "items", """
            -- cutover:up
            CREATE TABLE items (id integer PRIMARY KEY, note text);
            INSERT INTO items VALUES (1, 'a'), (2, 'b');
            -- cutover:down
            DROP TABLE items;
            """);
        var migrator = new Migrator(new CutoverOptions { ConnectionString = db, MigrationsFolder = _files.Folder }, new SqliteProvider());
        await migrator.UpAsync();
        // SQLite refuses to add a column whose default is not constant: the expand's first step fails.
        _files.Write("20260101000002", "flag", """
            -- cutover:op add-column items.flag integer default "random()"
            """);
        await Assert.ThrowsAsync<MigrationFailedException>(() => migrator.UpAsync());
        var failed = (await migrator.StatusAsync()).Migrations.Single(m => m.Id == "20260101000002");
        Assert.Equal((MigrationState.Failed, "expanding"), (failed.State, failed.Phase));

        await migrator.AbortAsync("20260101000002");

        var after = (await migrator.StatusAsync()).Migrations.Single(m => m.Id == "20260101000002");
        Assert.Equal((MigrationState.Pending, null), (after.State, after.Phase));
        await using var connection = await new SqliteProvider().OpenAsync(db, forReading: false, CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT group_concat(name) FROM pragma_table_info('items')";
        Assert.Equal("id,note", await command.ExecuteScalarAsync());
    }

    public void Dispose() => _files.Dispose();
}
