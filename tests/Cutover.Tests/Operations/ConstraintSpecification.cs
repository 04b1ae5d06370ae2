using System.Data.Common;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Operations;

/// <summary>create-index, add-unique and add-check with two versions writing at once, through complete and through abort.</summary>
public abstract class ConstraintSpecification : OperationWindowSpecification
{
    private const int Rows = 2000;
    private const string Id = "20260102000000";

    private async Task<(string Db, Migrator Migrator)> UsersAsync(string operation, bool broken = false)
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000000", "users", $"""
            -- cutover:up
            CREATE TABLE users (id {KeyType} PRIMARY KEY, email text, age integer);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO users (id, email, age) SELECT i, CASE WHEN {(broken ? 1 : 0)} = 1 AND i <= 4 THEN 'same@x' ELSE 'u' || i || '@x' END, CASE WHEN {(broken ? 1 : 0)} = 1 AND i <= 3 THEN -i ELSE i % 90 END FROM n;
            -- cutover:down
            DROP TABLE users;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write(Id, "operation", $"-- cutover:op {operation}\n");
        return (db, migrator);
    }

    /// <summary>Writes that keep every rule the operations add: unique e-mails, ages not negative.</summary>
    private static Func<DbConnection, int, Task> Writes(string who, int first) => async (c, i) =>
    {
        switch (i % 4)
        {
            case 0: await ShapeWriter.ExecuteAsync(c, $"INSERT INTO users (id, email, age) VALUES ({first + i}, '{who}-{i}@x', {i % 50})"); break;
            case 1: await ShapeWriter.ExecuteAsync(c, $"UPDATE users SET age = age + 1 WHERE id = {i % Rows + 1}"); break;
            case 2: await ShapeWriter.ExecuteAsync(c, $"UPDATE users SET email = '{who}-update-{i}@x' WHERE id = {(i * 7) % Rows + 1}"); break;
            default:
                if (i % 8 == 7)
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM users WHERE id = {first + i - 3}");
                break;
        }
    };

    /// <summary>Expand with both versions writing, then complete or abort; returns the database after both writers stopped without a failure.</summary>
    private async Task<(string Db, Migrator Migrator)> ThroughAsync(string operation, bool complete, Func<string, Task>? expanded = null)
    {
        var (db, migrator) = await UsersAsync(operation);
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), Writes("old", 100000));
        await old.AdvanceAsync(20);
        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), Writes("new", 200000));
        await Task.WhenAll(old.AdvanceAsync(100), fresh.AdvanceAsync(100));
        if (expanded is not null)
            await expanded(db);
        if (complete)
        {
            Assert.True((await migrator.VerifyAsync(Id)).Clean);
            await migrator.CompleteAsync(Id);
        }
        else
            await migrator.AbortAsync(Id);
        await Task.WhenAll(old.AdvanceAsync(50), fresh.AdvanceAsync(50));
        await Task.WhenAll(old.StopAsync(), fresh.StopAsync());
        NoErrors(old, fresh);
        return (db, migrator);
    }

    private async Task<bool> AcceptsAsync(string db, string sql)
    {
        try
        {
            await ExecuteAsync(db, sql);
            return true;
        }
        catch (DbException)
        {
            return false;
        }
    }

    private Task<bool> AcceptsDuplicateAsync(string db) => AcceptsAsync(db, "INSERT INTO users (id, email, age) VALUES (999990, 'u1@x', 1)");

    private Task<bool> AcceptsNegativeAgeAsync(string db) => AcceptsAsync(db, "INSERT INTO users (id, email, age) VALUES (999991, 'neg@x', -5)");

    /// <summary>Whether the schema has an index (or unique constraint) of that name.</summary>
    private static async Task<bool> HasIndexAsync(Migrator migrator, string name)
    {
        var users = (await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == "users");
        return users.Indexes.Any(i => i.Name == name) || users.Uniques.Any(u => u.Name == name);
    }

    [Fact]
    public async Task Create_index_is_built_while_both_versions_write_and_abort_drops_it()
    {
        var (_, migrator) = await ThroughAsync("create-index users_age_idx on users (age, email)", complete: true);
        Assert.True(await HasIndexAsync(migrator, "users_age_idx"));
        var (_, aborted) = await ThroughAsync("create-index users_age_idx on users (age, email)", complete: false);
        Assert.False(await HasIndexAsync(aborted, "users_age_idx"));
    }

    [Fact]
    public async Task Add_unique_holds_from_expand_becomes_the_constraint_at_complete_and_abort_removes_it()
    {
        var (db, migrator) = await ThroughAsync("add-unique users (email)", complete: true, async db => Assert.False(await AcceptsDuplicateAsync(db)));
        Assert.False(await AcceptsDuplicateAsync(db));
        await AssertUniqueCompletedAsync(db, migrator);
        var (abortedDb, aborted) = await ThroughAsync("add-unique users (email)", complete: false);
        Assert.False(await HasIndexAsync(aborted, "users_email_key"));
        Assert.True(await AcceptsDuplicateAsync(abortedDb));
    }

    /// <summary>What the engine holds after add-unique completed.</summary>
    private protected abstract Task AssertUniqueCompletedAsync(string db, Migrator migrator);

    [Fact]
    public async Task Add_check_holds_from_expand_is_validated_at_complete_and_abort_removes_it()
    {
        var (db, migrator) = await ThroughAsync("add-check users age_not_negative \"age >= 0\"", complete: true, async db => Assert.False(await AcceptsNegativeAgeAsync(db)));
        Assert.False(await AcceptsNegativeAgeAsync(db));
        await AssertCheckCompletedAsync(db, migrator);
        var (abortedDb, _) = await ThroughAsync("add-check users age_not_negative \"age >= 0\"", complete: false);
        Assert.True(await AcceptsNegativeAgeAsync(abortedDb));
    }

    /// <summary>What the engine holds after add-check completed.</summary>
    private protected abstract Task AssertCheckCompletedAsync(string db, Migrator migrator);

    [Fact]
    public async Task Add_unique_and_add_check_are_refused_before_expand_with_the_count_and_keys_of_the_rows_in_the_way()
    {
        var (db, migrator) = await UsersAsync("add-unique users (email)", broken: true);
        var refused = await Assert.ThrowsAsync<InvalidFileException>(() => migrator.UpAsync());
        Assert.Contains("1 value(s) of users (email) are held by more than one row (key same@x)", refused.Message);
        Files.Delete(Id, "operation");
        Files.Write(Id, "operation", "-- cutover:op add-check users age_not_negative \"age >= 0\"\n");
        refused = await Assert.ThrowsAsync<InvalidFileException>(() => migrator.UpAsync());
        Assert.Contains("3 row(s) of users break age_not_negative (age >= 0) (keys 1, 2, 3)", refused.Message);
        Assert.True(await AcceptsNegativeAgeAsync(db));
    }
}

public sealed class PostgresConstraintTests : ConstraintSpecification
{
    private protected override IDatabaseProvider Provider => PostgresWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
    private protected override string Same => "IS NOT DISTINCT FROM";
    private protected override bool NewVersionReopensAfterComplete => false;
    private protected override string KeyType => "bigint";

    private protected override async Task AssertUniqueCompletedAsync(string db, Migrator migrator) =>
        Assert.Equal("u", (await PostgresServer.ScalarAsync(db, "SELECT contype::text FROM pg_constraint WHERE conname = 'users_email_key'"))?.ToString());

    private protected override async Task AssertCheckCompletedAsync(string db, Migrator migrator) =>
        Assert.True((bool)(await PostgresServer.ScalarAsync(db, "SELECT convalidated FROM pg_constraint WHERE conname = 'age_not_negative'"))!);
}

public sealed class SqliteConstraintTests : ConstraintSpecification
{
    private protected override IDatabaseProvider Provider => SqliteWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => SqliteWindow.NewDatabaseAsync();
    private protected override string Same => "IS";
    private protected override bool NewVersionReopensAfterComplete => true;
    private protected override string KeyType => "integer";

    private protected override async Task AssertUniqueCompletedAsync(string db, Migrator migrator) =>
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'users_email_key' AND sql LIKE 'CREATE UNIQUE%'"));

    private protected override async Task AssertCheckCompletedAsync(string db, Migrator migrator)
    {
        var triggers = (await migrator.ReadSchemaAsync()).Triggers.Select(t => t.Name).ToList();
        Assert.Contains("age_not_negative_insert", triggers);
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'cutover%'"));
    }
}
