using System.Data.Common;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Operations;

/// <summary>
/// split-table (story #5) with an old-version writer (users with its niche columns) and a new-version writer (users
/// without them, user_profiles) running at once through expand → verify → complete and expand → abort.
/// </summary>
public abstract class SplitTableSpecification : OperationWindowSpecification
{
    private const int Rows = 3000;
    private const string Split = "-- cutover:op split-table users to user_profiles (bio, avatar_url, theme) key user_id\n";

    private async Task<(string Db, Migrator Migrator)> UsersAsync()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000000", "users", $"""
            -- cutover:up
            CREATE TABLE users (id {KeyType} PRIMARY KEY, name text NOT NULL, bio text, avatar_url text, theme text NOT NULL DEFAULT 'light');
            CREATE INDEX users_theme ON users (theme);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO users (id, name, bio, avatar_url, theme) SELECT i, 'user ' || i, CASE WHEN i % 3 = 0 THEN NULL ELSE 'bio ' || i END, 'a' || i, 'light' FROM n;
            -- cutover:down
            DROP TABLE users;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write("20260102000000", "split_users", Split);
        return (db, migrator);
    }

    /// <summary>The old version: inserts users with their profile columns, updates them on rows the new version updates too, deletes some.</summary>
    private static async Task OldStep(DbConnection c, int i)
    {
        switch (i % 4)
        {
            case 0: await ShapeWriter.ExecuteAsync(c, $"INSERT INTO users (id, name, bio, avatar_url, theme) VALUES ({100000 + i}, 'old {i}', 'old-{100000 + i}', 'x', 'dark')"); break;
            case 1: await ShapeWriter.ExecuteAsync(c, $"UPDATE users SET bio = 'old update {i}', theme = 'blue' WHERE id = {i % Rows + 1}"); break;
            case 2: await ShapeWriter.ScalarAsync(c, $"SELECT bio FROM users WHERE id = {i % Rows + 1}"); break;
            default:
                if (i % 8 == 7)
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM users WHERE id = {100000 + i - 3}");
                else
                    await ShapeWriter.ExecuteAsync(c, $"UPDATE users SET name = 'old name {i}' WHERE id = {(i * 7) % Rows + 1}");
                break;
        }
    }

    /// <summary>The new version: inserts a user and its profile in one transaction, updates profiles (on rows the old version updates too), reads both, deletes some.</summary>
    private static async Task NewStep(DbConnection c, int i)
    {
        switch (i % 4)
        {
            case 0:
                // A user and its profile are one unit of work: complete, which drops the trigger that makes a profile
                // for a user the new version inserts, either waits for the pair or comes wholly before it.
                await ShapeWriter.ExecuteInTransactionAsync(c,
                    $"INSERT INTO users (id, name) VALUES ({200000 + i}, 'new {i}')",
                    $"INSERT INTO user_profiles (user_id, bio, avatar_url, theme) VALUES ({200000 + i}, 'new-{200000 + i}', 'y', 'green')");
                break;
            case 1: await ShapeWriter.ExecuteAsync(c, $"UPDATE user_profiles SET bio = 'new update {i}' WHERE user_id = {i % Rows + 1}"); break;
            case 2: await ShapeWriter.ScalarAsync(c, $"SELECT p.bio FROM users u JOIN user_profiles p ON p.user_id = u.id WHERE u.id = {i % Rows + 1}"); break;
            default:
                if (i % 8 == 7)
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM users WHERE id = {200000 + i - 3}");
                else
                    await ShapeWriter.ExecuteAsync(c, $"UPDATE user_profiles SET theme = 'new theme {i}' WHERE user_id = {(i * 5) % Rows + 1}");
                break;
        }
    }

    /// <summary>Rows of users whose profile is missing or differs, and profiles without a user: both must be zero.</summary>
    private async Task AssertShapesAgreeAsync(string db, string when)
    {
        var differing = await CountAsync(db, $"SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_profiles p WHERE p.user_id = u.id " +
                                             $"AND p.bio {Same} u.bio AND p.avatar_url {Same} u.avatar_url AND p.theme {Same} u.theme)");
        var orphans = await CountAsync(db, "SELECT count(*) FROM user_profiles p WHERE NOT EXISTS (SELECT 1 FROM users u WHERE u.id = p.user_id)");
        Assert.True(differing == 0 && orphans == 0, $"{when}: {differing} user(s) without an identical profile, {orphans} profile(s) without a user");
    }

    [Fact]
    public async Task Both_versions_write_through_expand_verify_and_complete_without_a_failed_statement_and_the_shapes_agree()
    {
        var (db, migrator) = await UsersAsync();
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), OldStep);
        await old.AdvanceAsync(20);

        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), NewStep);
        await Task.WhenAll(old.AdvanceAsync(200), fresh.AdvanceAsync(200));
        await AssertShapesAgreeAsync(db, "expanded, both writing");
        await using (var shaped = await OpenNewAsync(db, migrator))
        {
            Assert.Equal(["id", "name"], await ColumnsAsync(shaped, "users"));
            Assert.Equal(["user_id", "bio", "avatar_url", "theme"], await ColumnsAsync(shaped, "user_profiles"));
        }

        var verification = await migrator.VerifyAsync("20260102000000");
        Assert.True(verification.Clean, string.Join("; ", verification.Samples));
        Assert.True(verification.Rows >= Rows);
        await Task.WhenAll(old.AdvanceAsync(50), fresh.AdvanceAsync(50));
        NoErrors(old, fresh);

        // The old version is retired before the contract: its columns are what complete drops.
        await old.StopAsync();
        await AssertShapesAgreeAsync(db, "the old version stopped");
        // What each version wrote, seen by the other.
        Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM users WHERE id >= 200000 AND bio <> 'new-' || id"));
        var oldRows = await CountAsync(db, "SELECT count(*) FROM users WHERE id BETWEEN 100000 AND 199999");
        Assert.True(oldRows > 0);
        if (NewVersionReopensAfterComplete)
            await fresh.StopAsync();
        await migrator.CompleteAsync("20260102000000");
        if (NewVersionReopensAfterComplete)
            fresh = ShapeWriter.Start("new version, reopened", () => OpenNewAsync(db, migrator), (c, i) => NewStep(c, i + 50000));
        await fresh.AdvanceAsync(100);
        await fresh.StopAsync();
        NoErrors(old, fresh);

        await using (var plain = await OpenOldAsync(db))
            Assert.Equal(["id", "name"], await ColumnsAsync(plain, "users"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM users u WHERE NOT EXISTS (SELECT 1 FROM user_profiles p WHERE p.user_id = u.id)"));
        Assert.Equal(oldRows, await CountAsync(db, "SELECT count(*) FROM user_profiles WHERE user_id BETWEEN 100000 AND 199999 AND bio = 'old-' || user_id"));
        Assert.Equal(Rows, await CountAsync(db, $"SELECT count(*) FROM user_profiles WHERE user_id <= {Rows}"));
        Assert.True(await ExistsAsync(db, "cutover_archive_20260102000000_users"));
    }

    [Fact]
    public async Task Both_versions_write_through_expand_and_abort_and_the_old_shape_keeps_every_write()
    {
        var (db, migrator) = await UsersAsync();
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), OldStep);
        await old.AdvanceAsync(20);
        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), NewStep);
        await Task.WhenAll(old.AdvanceAsync(200), fresh.AdvanceAsync(200));
        await AssertShapesAgreeAsync(db, "expanded, both writing");

        // The new version is rolled back: it stops, the old one keeps writing through the abort.
        await fresh.StopAsync();
        var written = await CountAsync(db, "SELECT count(*) FROM user_profiles WHERE user_id >= 200000");
        await migrator.AbortAsync("20260102000000");
        await old.AdvanceAsync(100);
        await old.StopAsync();
        NoErrors(old, fresh);

        Assert.False(await ExistsAsync(db, "user_profiles"));
        await using (var plain = await OpenOldAsync(db))
            Assert.Equal(["id", "name", "bio", "avatar_url", "theme"], await ColumnsAsync(plain, "users"));
        Assert.True(written > 0);
        Assert.Equal(written, await CountAsync(db, "SELECT count(*) FROM users WHERE id >= 200000 AND bio = 'new-' || id AND theme = 'green'"));
    }

    [Fact]
    public async Task The_table_complete_leaves_has_every_write_the_old_version_made_to_its_kept_columns_through_the_window()
    {
        // On SQLite the table that complete leaves is built through the window and swapped in: every insert, update, key
        // change and delete of the window must be in it.
        var (db, migrator) = await UsersAsync();
        await migrator.UpAsync();
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), OldStep);
        await old.AdvanceAsync(300);
        await old.StopAsync();
        NoErrors(old);
        await ExecuteAsync(db, "UPDATE users SET id = 99999, name = 'moved' WHERE id = 5");
        await ExecuteAsync(db, "DELETE FROM users WHERE id = 6");
        const string fingerprint = "SELECT count(*) * 1000000007 + sum(id) * 31 + sum(length(name) * id) FROM users";
        var before = await CountAsync(db, fingerprint);
        Assert.True((await migrator.VerifyAsync("20260102000000")).Clean);

        await migrator.CompleteAsync("20260102000000");

        Assert.Equal(before, await CountAsync(db, fingerprint));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM users WHERE id = 99999 AND name = 'moved'"));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM users WHERE id IN (5, 6)"));
        Assert.Equal(1, await CountAsync(db, "SELECT count(*) FROM user_profiles WHERE user_id = 99999"));
        // The index on a moved column moved with it, under its own name.
        var schema = await migrator.ReadSchemaAsync();
        Assert.DoesNotContain(schema.Tables.Single(t => t.Name == "users").Indexes, i => i.Name == "users_theme");
        var moved = Assert.Single(schema.Tables.Single(t => t.Name == "user_profiles").Indexes);
        Assert.Equal(("users_theme", "theme"), (moved.Name, Assert.Single(moved.Keys)));
    }

    [Fact]
    public async Task Another_operation_on_the_new_table_is_refused_while_the_split_is_in_flight()
    {
        var (db, migrator) = await UsersAsync();
        await migrator.UpAsync();
        Files.Write("20260103000000", "drop_theme", "-- cutover:op drop-column user_profiles.theme\n");
        var refused = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.UpAsync());
        Assert.Equal(MigrationConflict.OperationOverlap, refused.Conflict);
        Assert.Contains("20260102000000", refused.Message);
    }

    [Fact]
    public async Task Verify_finds_and_repairs_a_profile_changed_behind_the_triggers()
    {
        var (db, migrator) = await UsersAsync();
        await migrator.UpAsync();
        await ExecuteAsync(db, "DELETE FROM user_profiles WHERE user_id = 7");
        var found = await migrator.VerifyAsync("20260102000000");
        Assert.Equal(1, found.Mismatches);
        await migrator.VerifyAsync("20260102000000", new global::Cutover.Operations.VerifyOptions { Repair = true });
        Assert.True((await migrator.VerifyAsync("20260102000000")).Clean);
        await AssertShapesAgreeAsync(db, "repaired");
    }
}

public sealed class PostgresSplitTableTests : SplitTableSpecification
{
    private protected override IDatabaseProvider Provider => PostgresWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
    private protected override string Same => "IS NOT DISTINCT FROM";
    private protected override bool NewVersionReopensAfterComplete => false;
    private protected override string KeyType => "bigint";
}

public sealed class SqliteSplitTableTests : SplitTableSpecification
{
    private protected override IDatabaseProvider Provider => SqliteWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => SqliteWindow.NewDatabaseAsync();
    private protected override string Same => "IS";
    private protected override bool NewVersionReopensAfterComplete => true;
    private protected override string KeyType => "integer";
}
