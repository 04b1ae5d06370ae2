using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Specification;

public sealed class SqliteMigratorTests : MigratorSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());

    // SQLite cannot sleep: count a recursive sequence for several seconds, so the runner is always killed while it runs, even on a fast idle machine.
    private protected override string SlowStatement =>
        "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000000) SELECT x FROM c)";

    private protected override async Task WaitUntilSlowStatementRunsAsync(string connection)
    {
        // The statement is invisible to other connections while it runs; the lock file and the applied
        // history before it say the runner has reached it.
        await WaitUntilAsync(() => Task.FromResult(File.Exists(DataSource(connection) + ".cutover-lock")));
        await Task.Delay(1500);
    }

    private static string DataSource(string connection) => new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(connection).DataSource;

    [Fact]
    public async Task Foreign_keys_are_off_during_a_migration_so_a_parent_rebuild_keeps_its_children()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "parent_child", """
            -- cutover:up
            CREATE TABLE parent (id integer PRIMARY KEY, name text);
            CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent(id) ON DELETE CASCADE);
            INSERT INTO parent VALUES (1, 'p');
            INSERT INTO child VALUES (10, 1);
            -- cutover:down
            DROP TABLE child;
            DROP TABLE parent;
            """);
        // The documented 12-step rebuild of the parent: with foreign keys on, DROP TABLE parent would
        // cascade-delete the child rows.
        Files.Write("20260101000002", "rebuild_parent", """
            -- cutover:up
            CREATE TABLE new_parent (id integer PRIMARY KEY, name text NOT NULL DEFAULT '');
            INSERT INTO new_parent SELECT id, coalesce(name, '') FROM parent;
            DROP TABLE parent;
            ALTER TABLE new_parent RENAME TO parent;
            -- cutover:down
            SELECT 1;
            """);

        await NewMigrator(db).UpAsync();

        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM child"));
        Assert.Equal(1L, await ScalarAsync(db, "PRAGMA foreign_keys"));
    }

    [Fact]
    public async Task A_migration_that_leaves_orphans_fails_the_foreign_key_check_and_is_rolled_back()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "parent_child", """
            -- cutover:up
            CREATE TABLE parent (id integer PRIMARY KEY);
            CREATE TABLE child (id integer PRIMARY KEY, parent_id integer REFERENCES parent(id));
            INSERT INTO parent VALUES (1);
            INSERT INTO child VALUES (10, 1);
            -- cutover:down
            DROP TABLE child;
            DROP TABLE parent;
            """);
        Files.Write("20260101000002", "orphan", """
            -- cutover:up
            DELETE FROM parent;
            -- cutover:down
            SELECT 1;
            """);
        var migrator = NewMigrator(db);

        var error = await Assert.ThrowsAsync<CutoverException>(() => migrator.UpAsync());

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM parent"));
        Assert.Equal(Cutover.Running.MigrationState.Failed, StatusOf(await migrator.StatusAsync(), "20260101000002").State);
    }
}
