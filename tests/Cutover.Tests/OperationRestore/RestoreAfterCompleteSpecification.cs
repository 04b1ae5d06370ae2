using Cutover.Operations;
using Cutover.Running;
using Cutover.Tests.Specification;

namespace Cutover.Tests.OperationRestore;

/// <summary>
/// A completed operation can still be undone with <c>down</c> while its archive is kept: the old shape comes back with
/// every row's data, including rows written in the new shape after complete; after the retention window it is refused.
/// </summary>
public abstract class RestoreAfterCompleteSpecification : IDisposable
{
    private protected readonly MigrationsFolder Files = new();

    private protected abstract IDatabaseProvider Provider { get; }

    private protected abstract Task<string> NewDatabaseAsync();

    private Migrator NewMigrator(string connection, TimeSpan? retention = null) => new(new CutoverOptions
    {
        ConnectionString = connection,
        MigrationsFolder = Files.Folder,
        ArchiveRetention = retention ?? TimeSpan.FromDays(7),
    }, Provider);

    private async Task ExecuteAsync(string connection, params string[] statements)
    {
        await using var c = await Provider.OpenAsync(connection, forReading: false, CancellationToken.None);
        foreach (var sql in statements)
        {
            await using var command = c.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }

    private Task<List<string>> RowsAsync(string connection, string sql) => Infrastructure.QueryRows.ReadAsync(Provider, connection, sql);

    private void WriteUsers() => Files.Write("20260101000001", "users", """
        -- cutover:up
        CREATE TABLE users (id integer PRIMARY KEY, name text, legacy text);
        INSERT INTO users (id, name, legacy) VALUES (1, 'Ada Lovelace', 'a'), (2, 'Alan Turing', 'b');
        -- cutover:down
        DROP TABLE users;
        """);

    private async Task<Migrator> ExpandVerifyCompleteAsync(string db, string operation, TimeSpan? retention = null)
    {
        WriteUsers();
        Files.Write("20260101000002", "operation", $"-- cutover:op {operation}\n");
        var migrator = NewMigrator(db, retention);
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync("20260101000002")).Clean);
        await migrator.CompleteAsync("20260101000002");
        Assert.Equal("completed", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == "20260101000002").Phase);
        return migrator;
    }

    [Fact]
    public async Task Down_after_complete_brings_back_the_split_column_with_rows_written_since_in_the_new_shape()
    {
        var db = await NewDatabaseAsync();
        var migrator = await ExpandVerifyCompleteAsync(db,
            "split-column users.name into (first_name text up \"substr(name, 1, 3)\", last_name text up \"substr(name, 5)\") down \"first_name || ' ' || last_name\"");
        await ExecuteAsync(db, "INSERT INTO users (id, first_name, last_name, legacy) VALUES (3, 'Bob', 'Byte', 'c')");

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.Equal(["1|Ada Lovelace|a", "2|Alan Turing|b", "3|Bob Byte|c"], await RowsAsync(db, "SELECT id, name, legacy FROM users ORDER BY id"));
        var columns = (await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == "users").Columns.Select(c => c.Name).Order();
        Assert.Equal(["id", "legacy", "name"], columns);
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single(m => m.Id == "20260101000002").State);
    }

    [Fact]
    public async Task Down_after_complete_brings_back_a_dropped_column_from_the_archive()
    {
        var db = await NewDatabaseAsync();
        var migrator = await ExpandVerifyCompleteAsync(db, "drop-column users.legacy");
        Assert.DoesNotContain("legacy", (await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == "users").Columns.Select(c => c.Name));
        await ExecuteAsync(db, "INSERT INTO users (id, name) VALUES (3, 'Grace Hopper')");

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.Equal(["1|Ada Lovelace|a", "2|Alan Turing|b", "3|Grace Hopper|NULL"], await RowsAsync(db, "SELECT id, name, legacy FROM users ORDER BY id"));
        Assert.DoesNotContain((await migrator.ReadSchemaAsync()).Tables, t => t.Name.StartsWith("cutover_archive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Down_after_complete_renames_a_renamed_column_back()
    {
        var db = await NewDatabaseAsync();
        var migrator = await ExpandVerifyCompleteAsync(db, "rename-column users.name to full_name");
        Assert.Equal(["1|Ada Lovelace"], await RowsAsync(db, "SELECT id, full_name FROM users WHERE id = 1"));

        await migrator.DownAsync();

        Assert.Equal(["1|Ada Lovelace", "2|Alan Turing"], await RowsAsync(db, "SELECT id, name FROM users ORDER BY id"));
    }

    [Fact]
    public async Task A_retyped_not_null_column_keeps_not_null_and_its_default_at_complete_and_down_brings_back_the_exact_old_values()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "orders", """
            -- cutover:up
            CREATE TABLE orders (id integer PRIMARY KEY, total numeric(10,2) NOT NULL DEFAULT 0);
            INSERT INTO orders (id, total) VALUES (1, 1.25), (2, 2.75);
            -- cutover:down
            DROP TABLE orders;
            """);
        Files.Write("20260101000002", "operation", "-- cutover:op alter-column orders.total type integer up \"CAST(round(total) AS integer)\" down \"total\"\n");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync("20260101000002")).Clean);
        await migrator.CompleteAsync("20260101000002");

        var total = (await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == "orders").Columns.Single(c => c.Name == "total");
        Assert.False(total.Nullable);
        Assert.NotNull(total.Default);
        await ExecuteAsync(db, "INSERT INTO orders (id) VALUES (3)");
        Assert.Equal(["1|1", "2|3", "3|0"], await RowsAsync(db, "SELECT id, total FROM orders ORDER BY id"));

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        // Rows unchanged since complete get their exact old value from the archive; the new row its value through down.
        Assert.Equal(["1|125", "2|275", "3|0"], await RowsAsync(db, "SELECT id, CAST(total * 100 AS integer) FROM orders ORDER BY id"));
    }

    private static async Task VerifyAndCompleteAsync(Migrator migrator, string id)
    {
        var verification = await migrator.VerifyAsync(id);
        Assert.True(verification.Clean, string.Join("; ", verification.Samples));
        await migrator.CompleteAsync(id);
    }

    private async Task<List<string>> ColumnsAsync(Migrator migrator, string table) =>
        (await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == table).Columns.Select(c => c.Name).ToList();

    private async Task<List<string>> TablesAsync(Migrator migrator) =>
        (await migrator.ReadSchemaAsync()).Tables.Select(t => t.Name).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public async Task Down_after_complete_moves_split_columns_back_with_what_the_new_version_wrote_since_and_their_index()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "users", """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, name text NOT NULL, bio text, theme text NOT NULL DEFAULT 'light');
            CREATE INDEX users_theme ON users (theme);
            INSERT INTO users (id, name, bio, theme) VALUES (1, 'Ada', 'maths', 'dark'), (2, 'Alan', NULL, 'light');
            -- cutover:down
            DROP TABLE users;
            """);
        Files.Write("20260101000002", "operation", "-- cutover:op split-table users to user_profiles (bio, theme) key user_id\n");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        await VerifyAndCompleteAsync(migrator, "20260101000002");
        Assert.Equal(["id", "name"], await ColumnsAsync(migrator, "users"));
        // The new version, after complete: a profile changed, a user with a profile, a user without one.
        await ExecuteAsync(db, "UPDATE user_profiles SET bio = 'engines' WHERE user_id = 1",
            "INSERT INTO users (id, name) VALUES (3, 'Grace')", "INSERT INTO user_profiles (user_id, bio, theme) VALUES (3, 'cobol', 'blue')",
            "INSERT INTO users (id, name) VALUES (4, 'Edsger')");

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.Equal(["1|Ada|engines|dark", "2|Alan|NULL|light", "3|Grace|cobol|blue", "4|Edsger|NULL|light"],
            await RowsAsync(db, "SELECT id, name, bio, theme FROM users ORDER BY id"));
        var schema = await migrator.ReadSchemaAsync();
        Assert.DoesNotContain(schema.Tables, t => t.Name == "user_profiles" || t.Name.StartsWith("cutover_archive", StringComparison.Ordinal));
        Assert.Contains(schema.Tables.Single(t => t.Name == "users").Indexes, i => i.Name == "users_theme");
        Assert.Equal(MigrationState.Pending, (await migrator.StatusAsync()).Migrations.Single(m => m.Id == "20260101000002").State);
        // And it can go the same way again.
        await migrator.UpAsync();
        await VerifyAndCompleteAsync(migrator, "20260101000002");
        Assert.Equal(["1|engines|dark", "3|cobol|blue", "4|NULL|light"], await RowsAsync(db, "SELECT user_id, bio, theme FROM user_profiles WHERE user_id <> 2 ORDER BY user_id"));
    }

    [Fact]
    public async Task Down_after_complete_brings_extracted_values_back_from_the_rows_the_keys_name()
    {
        var db = await NewDatabaseAsync();
        Files.Write("20260101000001", "orders", """
            -- cutover:up
            CREATE TABLE orders (id integer PRIMARY KEY, total integer, customer_name text, customer_email text);
            CREATE INDEX orders_customer_email ON orders (customer_email);
            INSERT INTO orders (id, total, customer_name, customer_email) VALUES (1, 10, 'Ada', 'ada@x'), (2, 20, 'Ada', 'ada@x'), (3, 30, 'Alan', 'alan@x'), (4, 40, NULL, NULL);
            -- cutover:down
            DROP TABLE orders;
            """);
        Files.Write("20260101000002", "operation", "-- cutover:op extract-table orders (customer_name, customer_email) to customers (name, email) key customer_id\n");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        await VerifyAndCompleteAsync(migrator, "20260101000002");
        Assert.Equal(["id", "total", "customer_id"], await ColumnsAsync(migrator, "orders"));
        // The new version, after complete: a customer renamed, an order for an existing customer, one without a customer.
        await ExecuteAsync(db, "UPDATE customers SET name = 'Ada Lovelace' WHERE name = 'Ada'",
            "INSERT INTO orders (id, total, customer_id) SELECT 5, 50, id FROM customers WHERE name = 'Alan'",
            "INSERT INTO orders (id, total) VALUES (6, 60)");

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.Equal(["1|10|Ada Lovelace|ada@x", "2|20|Ada Lovelace|ada@x", "3|30|Alan|alan@x", "4|40|NULL|NULL", "5|50|Alan|alan@x", "6|60|NULL|NULL"],
            await RowsAsync(db, "SELECT id, total, customer_name, customer_email FROM orders ORDER BY id"));
        Assert.Equal(["id", "total", "customer_name", "customer_email"], await ColumnsAsync(migrator, "orders"));
        var schema = await migrator.ReadSchemaAsync();
        Assert.DoesNotContain(schema.Tables, t => t.Name == "customers" || t.Name.StartsWith("cutover_archive", StringComparison.Ordinal));
        Assert.Contains(schema.Tables.Single(t => t.Name == "orders").Indexes, i => i.Name == "orders_customer_email");
    }

    [Fact]
    public async Task Down_after_complete_renames_a_renamed_table_back_and_brings_a_dropped_one_back_from_its_archive()
    {
        var db = await NewDatabaseAsync();
        WriteUsers();
        Files.Write("20260101000002", "logs", """
            -- cutover:up
            CREATE TABLE audit_logs (id integer PRIMARY KEY, line text);
            INSERT INTO audit_logs (id, line) VALUES (1, 'signed in');
            -- cutover:down
            DROP TABLE audit_logs;
            """);
        Files.Write("20260101000003", "operation", "-- cutover:op rename-table users to members\n-- cutover:op drop-table audit_logs\n");
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        await VerifyAndCompleteAsync(migrator, "20260101000003");
        Assert.Equal(["members"], (await TablesAsync(migrator)).Where(t => t is "users" or "members" or "audit_logs"));
        await ExecuteAsync(db, "INSERT INTO members (id, name, legacy) VALUES (3, 'Grace Hopper', 'c')");

        await migrator.DownAsync(new DownOptions { AcceptDataLoss = true });

        Assert.Equal(["1|Ada Lovelace", "2|Alan Turing", "3|Grace Hopper"], await RowsAsync(db, "SELECT id, name FROM users ORDER BY id"));
        Assert.Equal(["1|signed in"], await RowsAsync(db, "SELECT id, line FROM audit_logs"));
        Assert.DoesNotContain(await TablesAsync(migrator), t => t == "members" || t.StartsWith("cutover_archive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Down_after_complete_removes_the_constraints_index_and_table_the_operations_added()
    {
        var db = await NewDatabaseAsync();
        WriteUsers();
        Files.Write("20260101000002", "orders", """
            -- cutover:up
            CREATE TABLE orders (id integer PRIMARY KEY, user_id integer, code text, total integer);
            INSERT INTO orders (id, user_id, code, total) VALUES (1, 1, 'a', 5), (2, 2, 'b', 7);
            -- cutover:down
            DROP TABLE orders;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        // One operation per table in a migration, and one migration in flight per table: each is completed before the next.
        string[] operations =
        [
            "add-foreign-key orders.user_id references users(id)",
            "add-unique orders (code)",
            "add-check orders total_positive \"total > 0\"",
            "create-index orders_total on orders (total)",
            "create-table coupons \"id integer PRIMARY KEY, code text\"",
        ];
        for (var i = 0; i < operations.Length; i++)
        {
            var id = $"2026010100001{i}";
            Files.Write(id, "operation", $"-- cutover:op {operations[i]}\n");
            await migrator.UpAsync();
            await VerifyAndCompleteAsync(migrator, id);
        }
        await Assert.ThrowsAnyAsync<System.Data.Common.DbException>(() => ExecuteAsync(db, "INSERT INTO orders (id, user_id, code, total) VALUES (3, 1, 'c', -1)"));

        await migrator.DownAsync(new DownOptions { Steps = operations.Length, AcceptDataLoss = true });

        // None of them holds any more: an orphan, a duplicate code and a negative total are all accepted.
        await ExecuteAsync(db, "INSERT INTO orders (id, user_id, code, total) VALUES (3, 99, 'a', -1)");
        var schema = await migrator.ReadSchemaAsync();
        var orders = schema.Tables.Single(t => t.Name == "orders");
        Assert.Empty(orders.Indexes);
        Assert.Empty(orders.ForeignKeys);
        Assert.Empty(orders.Checks);
        Assert.Empty(schema.Triggers);
        Assert.DoesNotContain(schema.Tables, t => t.Name == "coupons");
        Assert.All((await migrator.StatusAsync()).Migrations.Where(m => m.Id.StartsWith("2026010100001", StringComparison.Ordinal)), m => Assert.Equal(MigrationState.Pending, m.State));
    }

    [Fact]
    public async Task Down_after_the_retention_window_is_refused_and_changes_nothing()
    {
        var db = await NewDatabaseAsync();
        var migrator = await ExpandVerifyCompleteAsync(db, "drop-column users.legacy", retention: TimeSpan.Zero);

        var refused = await Assert.ThrowsAsync<MigrationStateException>(() => migrator.DownAsync(new DownOptions { AcceptDataLoss = true }));

        Assert.Equal(MigrationConflict.Irreversible, refused.Conflict);
        Assert.Contains("can no longer be undone", refused.Message, StringComparison.Ordinal);
        Assert.Equal("completed", (await migrator.StatusAsync()).Migrations.Single(m => m.Id == "20260101000002").Phase);
    }

    public void Dispose()
    {
        Files.Dispose();
        GC.SuppressFinalize(this);
    }
}
