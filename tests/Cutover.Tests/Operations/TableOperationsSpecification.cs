using System.Data.Common;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Operations;

/// <summary>rename-table and drop-table with an old-version and a new-version writer at once, through complete and through abort.</summary>
public abstract class TableOperationsSpecification : OperationWindowSpecification
{
    private const int Rows = 500;

    private async Task<(string Db, Migrator Migrator)> TablesAsync(string operation)
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000000", "tables", $"""
            -- cutover:up
            CREATE TABLE users (id {KeyType} PRIMARY KEY, name text NOT NULL, theme text NOT NULL DEFAULT 'light');
            CREATE TABLE sessions (id {KeyType} PRIMARY KEY, token text NOT NULL);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO users (id, name) SELECT i, 'user ' || i FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO sessions (id, token) SELECT i, 'token ' || i FROM n;
            -- cutover:down
            DROP TABLE sessions;
            DROP TABLE users;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write("20260102000000", "operation", $"-- cutover:op {operation}\n");
        return (db, migrator);
    }

    /// <summary>Inserts, updates, reads and deletes rows of <paramref name="table"/>, its own ids from <paramref name="first"/> on.</summary>
    private static Func<DbConnection, int, Task> Writes(string table, int first, string insertColumns = "id, name", string value = "'w'") => async (c, i) =>
    {
        switch (i % 4)
        {
            case 0: await ShapeWriter.ExecuteAsync(c, $"INSERT INTO {table} ({insertColumns}) VALUES ({first + i}, {value})"); break;
            case 1: await ShapeWriter.ExecuteAsync(c, $"UPDATE {table} SET {insertColumns.Split(", ")[1]} = 'updated {i}' WHERE id = {i % Rows + 1}"); break;
            case 2: await ShapeWriter.ScalarAsync(c, $"SELECT count(*) FROM {table} WHERE id > {i % Rows}"); break;
            default:
                if (i % 8 == 7)
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM {table} WHERE id = {first + i - 3}");
                break;
        }
    };

    [Fact]
    public async Task Rename_table_both_versions_write_through_expand_and_complete_and_each_sees_the_others_rows()
    {
        var (db, migrator) = await TablesAsync("rename-table users to accounts");
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), Writes("users", 100000));
        await old.AdvanceAsync(20);
        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), Writes("accounts", 200000));
        await Task.WhenAll(old.AdvanceAsync(100), fresh.AdvanceAsync(100));

        await using (var shaped = await OpenNewAsync(db, migrator))
        {
            Assert.True(Convert.ToInt64(await ShapeWriter.ScalarAsync(shaped, "SELECT count(*) FROM accounts WHERE id BETWEEN 100000 AND 199999")) > 0);
            // A column the new version leaves out gets the table's default.
            Assert.Equal(0L, Convert.ToInt64(await ShapeWriter.ScalarAsync(shaped, "SELECT count(*) FROM accounts WHERE id >= 200000 AND theme <> 'light'")));
        }
        Assert.True(await CountAsync(db, "SELECT count(*) FROM users WHERE id >= 200000") > 0);
        Assert.True((await migrator.VerifyAsync("20260102000000")).Clean);

        await old.StopAsync();
        if (NewVersionReopensAfterComplete)
            await fresh.StopAsync();
        var rows = await CountAsync(db, "SELECT count(*) FROM users");
        await migrator.CompleteAsync("20260102000000");
        if (NewVersionReopensAfterComplete)
            fresh = ShapeWriter.Start("new version, reopened", () => OpenNewAsync(db, migrator), Writes("accounts", 300000));
        await fresh.AdvanceAsync(50);
        await fresh.StopAsync();
        NoErrors(old, fresh);

        Assert.False(await ExistsAsync(db, "users"));
        Assert.True(await CountAsync(db, "SELECT count(*) FROM accounts") >= rows);
    }

    [Fact]
    public async Task Rename_table_abort_leaves_the_old_name_with_every_row_the_new_version_wrote()
    {
        var (db, migrator) = await TablesAsync("rename-table users to accounts");
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), Writes("users", 100000));
        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), Writes("accounts", 200000));
        await Task.WhenAll(old.AdvanceAsync(100), fresh.AdvanceAsync(100));
        await fresh.StopAsync();
        var written = await CountAsync(db, "SELECT count(*) FROM users WHERE id >= 200000");
        await migrator.AbortAsync("20260102000000");
        await old.AdvanceAsync(50);
        await old.StopAsync();
        NoErrors(old, fresh);

        Assert.True(written > 0);
        Assert.Equal(written, await CountAsync(db, "SELECT count(*) FROM users WHERE id >= 200000"));
        Assert.False(await ExistsAsync(db, "accounts"));
        Assert.Empty(await migrator.NewShapeStatementsAsync());
    }

    [Fact]
    public async Task Drop_table_keeps_it_for_the_old_version_through_the_window_and_complete_archives_it_with_its_rows()
    {
        var (db, migrator) = await TablesAsync("drop-table sessions");
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), Writes("sessions", 100000, "id, token"));
        await old.AdvanceAsync(20);
        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), Writes("users", 200000));
        await Task.WhenAll(old.AdvanceAsync(100), fresh.AdvanceAsync(100));
        await old.StopAsync();
        var sessions = await CountAsync(db, "SELECT count(*) FROM sessions");
        await migrator.CompleteAsync("20260102000000");
        await fresh.AdvanceAsync(50);
        await fresh.StopAsync();
        NoErrors(old, fresh);

        Assert.False(await ExistsAsync(db, "sessions"));
        Assert.Equal(sessions, await CountAsync(db, "SELECT count(*) FROM cutover_archive_20260102000000_sessions"));
        Assert.DoesNotContain((await migrator.ReadSchemaAsync()).Tables, t => t.Name.StartsWith("cutover_", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Drop_table_abort_leaves_the_table_as_it_was()
    {
        var (db, migrator) = await TablesAsync("drop-table sessions");
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), Writes("sessions", 100000, "id, token"));
        await migrator.UpAsync();
        await old.AdvanceAsync(50);
        await migrator.AbortAsync("20260102000000");
        await old.AdvanceAsync(50);
        await old.StopAsync();
        NoErrors(old);
        Assert.True(await CountAsync(db, "SELECT count(*) FROM sessions") >= Rows);
    }

    [Fact]
    public async Task Drop_table_refuses_a_table_another_references_and_rename_table_a_taken_name()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000000", "tables", $"""
            -- cutover:up
            CREATE TABLE users (id {KeyType} PRIMARY KEY);
            CREATE TABLE orders (id {KeyType} PRIMARY KEY, user_id {KeyType} REFERENCES users (id));
            -- cutover:down
            DROP TABLE orders;
            DROP TABLE users;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write("20260102000000", "drop_users", "-- cutover:op drop-table users\n");
        var refused = await Assert.ThrowsAsync<InvalidFileException>(() => migrator.UpAsync());
        Assert.Contains("orders references users", refused.Message);
        Files.Delete("20260102000000", "drop_users");
        Files.Write("20260102000000", "rename_users", "-- cutover:op rename-table users to orders\n");
        refused = await Assert.ThrowsAsync<InvalidFileException>(() => migrator.UpAsync());
        Assert.Contains("orders exists already", refused.Message);
    }
}

public sealed class PostgresTableOperationsTests : TableOperationsSpecification
{
    private protected override IDatabaseProvider Provider => PostgresWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
    private protected override string Same => "IS NOT DISTINCT FROM";
    private protected override bool NewVersionReopensAfterComplete => false;
    private protected override string KeyType => "bigint";
}

public sealed class SqliteTableOperationsTests : TableOperationsSpecification
{
    private protected override IDatabaseProvider Provider => SqliteWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => SqliteWindow.NewDatabaseAsync();
    private protected override string Same => "IS";
    private protected override bool NewVersionReopensAfterComplete => true;
    private protected override string KeyType => "integer";
}
