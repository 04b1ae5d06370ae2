using System.Data.Common;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Operations;

/// <summary>add-foreign-key: orphans refused before expand, the key held for new writes through the window, validated at complete.</summary>
public abstract class ForeignKeySpecification : OperationWindowSpecification
{
    private const int Users = 300;

    /// <summary>The engine's word for what an orphan write gets refused with.</summary>
    private protected abstract string ForeignKeyError { get; }

    private async Task<(string Db, Migrator Migrator)> OrdersAsync(string operation, int orphans = 0)
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000000", "orders", $"""
            -- cutover:up
            CREATE TABLE users (id {KeyType} PRIMARY KEY, name text);
            CREATE TABLE orders (id {KeyType} PRIMARY KEY, user_id {KeyType}, total integer);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Users})
            INSERT INTO users (id, name) SELECT i, 'user ' || i FROM n;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Users * 3})
            INSERT INTO orders (id, user_id, total) SELECT i, CASE WHEN i <= {orphans} THEN 900000 + i WHEN i % 10 = 0 THEN NULL ELSE i % {Users} + 1 END, i FROM n;
            -- cutover:down
            DROP TABLE orders;
            DROP TABLE users;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write("20260102000000", "orders_fk", $"-- cutover:op {operation}\n");
        return (db, migrator);
    }

    /// <summary>A version of the app that keeps the key: orders for existing users, users it created and deletes with their orders.</summary>
    private static Func<DbConnection, int, Task> Writes(int first) => async (c, i) =>
    {
        switch (i % 4)
        {
            case 0:
                await ShapeWriter.ExecuteAsync(c, $"INSERT INTO users (id, name) VALUES ({first + i}, 'u')");
                await ShapeWriter.ExecuteAsync(c, $"INSERT INTO orders (id, user_id, total) VALUES ({first + i}, {first + i}, 1)");
                break;
            case 1: await ShapeWriter.ExecuteAsync(c, $"INSERT INTO orders (id, user_id, total) VALUES ({first + i}, {i % Users + 1}, 2)"); break;
            case 2: await ShapeWriter.ExecuteAsync(c, $"UPDATE orders SET user_id = {(i * 7) % Users + 1}, total = total + 1 WHERE id = {i % (Users * 3) + 1}"); break;
            default:
                if (i % 8 == 7)
                {
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM orders WHERE user_id = {first + i - 3}");
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM users WHERE id = {first + i - 3}");
                }
                break;
        }
    };

    private async Task AssertOrphanRefusedAsync(string db)
    {
        await using var connection = await OpenOldAsync(db);
        var refused = await Assert.ThrowsAnyAsync<DbException>(() => ShapeWriter.ExecuteAsync(connection, "INSERT INTO orders (id, user_id, total) VALUES (999999, 888888, 0)"));
        Assert.Contains(ForeignKeyError, refused.Message, StringComparison.OrdinalIgnoreCase);
        var parentRefused = await Assert.ThrowsAnyAsync<DbException>(() => ShapeWriter.ExecuteAsync(connection, "DELETE FROM users WHERE id = 2"));
        Assert.Contains(ForeignKeyError, parentRefused.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Both_versions_write_through_expand_verify_and_complete_and_the_key_holds_from_expand_on()
    {
        var (db, migrator) = await OrdersAsync("add-foreign-key orders.user_id references users(id)");
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), Writes(100000));
        await old.AdvanceAsync(20);
        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), Writes(200000));
        await Task.WhenAll(old.AdvanceAsync(100), fresh.AdvanceAsync(100));
        await AssertOrphanRefusedAsync(db);
        Assert.True((await migrator.VerifyAsync("20260102000000")).Clean);
        await migrator.CompleteAsync("20260102000000");
        await Task.WhenAll(old.AdvanceAsync(50), fresh.AdvanceAsync(50));
        await Task.WhenAll(old.StopAsync(), fresh.StopAsync());
        NoErrors(old, fresh);

        await AssertOrphanRefusedAsync(db);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM orders o WHERE o.user_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = o.user_id)"));
        await AssertCompletedKeyAsync(db, migrator);
    }

    /// <summary>What the engine holds after complete.</summary>
    private protected abstract Task AssertCompletedKeyAsync(string db, Migrator migrator);

    [Fact]
    public async Task Abort_removes_the_key_and_both_versions_wrote_without_a_failed_statement()
    {
        var (db, migrator) = await OrdersAsync("add-foreign-key orders.user_id references users(id) on delete cascade");
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), Writes(100000));
        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), Writes(200000));
        await Task.WhenAll(old.AdvanceAsync(100), fresh.AdvanceAsync(100));
        // on delete cascade through the window.
        await ExecuteAsync(db, "DELETE FROM users WHERE id = 5");
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM orders WHERE user_id = 5"));
        await fresh.StopAsync();
        await migrator.AbortAsync("20260102000000");
        await old.AdvanceAsync(50);
        await old.StopAsync();
        NoErrors(old, fresh);

        await ExecuteAsync(db, "INSERT INTO orders (id, user_id, total) VALUES (999999, 888888, 0)");
    }

    [Fact]
    public async Task Expand_is_refused_with_the_count_and_keys_of_the_orphans_and_changes_nothing()
    {
        var (db, migrator) = await OrdersAsync("add-foreign-key orders.user_id references users(id)", orphans: 12);
        var refused = await Assert.ThrowsAsync<InvalidFileException>(() => migrator.UpAsync());
        Assert.Contains("12 row(s) of orders have a user_id that users does not have (keys 1, 2, 3", refused.Message);
        Assert.Contains(", …)", refused.Message);
        await ExecuteAsync(db, "INSERT INTO orders (id, user_id, total) VALUES (999999, 888888, 0)");
        Assert.Equal(1, (await migrator.StatusAsync()).Migrations.Count(m => m.State == Cutover.Running.MigrationState.Pending));
    }
}

public sealed class PostgresForeignKeyTests : ForeignKeySpecification
{
    private protected override IDatabaseProvider Provider => PostgresWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
    private protected override string Same => "IS NOT DISTINCT FROM";
    private protected override bool NewVersionReopensAfterComplete => false;
    private protected override string KeyType => "bigint";
    private protected override string ForeignKeyError => "foreign key constraint";

    private protected override async Task AssertCompletedKeyAsync(string db, Migrator migrator)
    {
        Assert.True((bool)(await PostgresServer.ScalarAsync(db, "SELECT convalidated FROM pg_constraint WHERE conname = 'orders_user_id_fkey'"))!);
        var fk = Assert.Single((await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == "orders").ForeignKeys);
        Assert.Equal("users", fk.ReferencedTable);
    }
}

public sealed class SqliteForeignKeyTests : ForeignKeySpecification
{
    private protected override IDatabaseProvider Provider => SqliteWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => SqliteWindow.NewDatabaseAsync();
    private protected override string Same => "IS";
    private protected override bool NewVersionReopensAfterComplete => true;
    private protected override string KeyType => "integer";
    private protected override string ForeignKeyError => "FOREIGN KEY constraint failed";

    private protected override async Task AssertCompletedKeyAsync(string db, Migrator migrator)
    {
        var triggers = (await migrator.ReadSchemaAsync()).Triggers.Select(t => t.Name).ToList();
        Assert.Contains("orders_user_id_fkey_insert", triggers);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cutover%'"));
    }
}
