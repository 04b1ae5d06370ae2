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

    private async Task<List<string>> RowsAsync(string connection, string sql)
    {
        await using var c = await Provider.OpenAsync(connection, forReading: true, CancellationToken.None);
        await using var command = c.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
            rows.Add(string.Join("|", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture))));
        return rows;
    }

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
