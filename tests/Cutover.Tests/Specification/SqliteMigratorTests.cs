using Cutover.Running;
using Cutover.Sqlite;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Specification;

public sealed class SqliteMigratorTests : MigratorSpecification
{
    private protected override IDatabaseProvider Provider { get; } = new SqliteProvider();

    private protected override Task<string> NewDatabaseAsync() => Task.FromResult(SqliteFiles.NewDatabase());

    // SQLite cannot sleep: count a recursive sequence for several seconds. It writes its result to a table, so the
    // statement holds a write transaction, and with it a journal file, for as long as it runs.
    private protected override string SlowStatement =>
        "CREATE TABLE slow AS SELECT count(*) AS n FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 40000000) SELECT x FROM c)";

    private protected override string PauseStatement =>
        "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 4000000) SELECT x FROM c)";

    private protected override async Task WaitUntilSlowStatementRunsAsync(string connection)
    {
        // The statement is invisible to other connections while it runs; its rollback journal is not. Every
        // other write transaction of the run (Cutover's tables, the history, a quick migration) holds the journal
        // for milliseconds; only the slow statement holds it for a quarter of a second and more.
        var journal = DataSource(connection) + "-journal";
        await WaitUntilAsync(async () =>
        {
            for (var held = System.Diagnostics.Stopwatch.StartNew(); held.ElapsedMilliseconds < 250; await Task.Delay(10))
            {
                if (!File.Exists(journal))
                    return false;
            }
            return true;
        });
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
    public async Task After_a_migration_a_pooled_connection_has_foreign_keys_on_again()
    {
        // With pooling (Microsoft.Data.Sqlite's default) the migration's connection goes back to the pool and the
        // application's next connection with the same string may be that one: it must not keep foreign keys off.
        var db = SqliteFiles.NewDatabase().Replace("Pooling=False", "Pooling=True", StringComparison.Ordinal);
        Files.WriteTable("20260101000001", "a");

        await NewMigrator(db).UpAsync();

        await using var next = await OpenAsync(db);
        await using var pragma = next.CreateCommand();
        pragma.CommandText = "PRAGMA foreign_keys";
        Assert.Equal(1L, await pragma.ExecuteScalarAsync());
        Microsoft.Data.Sqlite.SqliteConnection.ClearPool((Microsoft.Data.Sqlite.SqliteConnection)next);
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

        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => migrator.UpAsync());

        Assert.Equal(ExitCode.Failed, error.ExitCode);
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM parent"));
        Assert.Equal(Cutover.Running.MigrationState.Failed, StatusOf(await migrator.StatusAsync(), "20260101000002").State);
    }
}
