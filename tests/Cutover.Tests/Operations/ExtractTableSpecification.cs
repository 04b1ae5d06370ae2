using System.Data.Common;
using Cutover.Schema;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Operations;

/// <summary>
/// extract-table (story #7: a flat orders table normalised, its customer values moved into customers, 1:n) with an
/// old-version writer (orders with customer_name and customer_email) and a new-version writer (customers, and orders
/// with customer_id) running at once through expand → verify → complete and expand → abort.
/// </summary>
public abstract class ExtractTableSpecification : OperationWindowSpecification
{
    private const int Rows = 3000;
    private const string Id = "20260102000000";
    private const string Extract = "-- cutover:op extract-table orders (customer_name, customer_email) to customers (name, email) key customer_id\n";

    /// <summary>What a connection runs first to write behind the triggers and foreign keys.</summary>
    private protected abstract string BehindTheTriggers { get; }

    /// <summary>Whether complete makes the key NOT NULL when every row has one (PostgreSQL; SQLite keeps it nullable).</summary>
    private protected abstract bool KeyRequiredWhenEveryRowHasOne { get; }

    /// <summary>A statement that keeps a transaction open a few milliseconds (PostgreSQL; SQLite has one writer at a time anyway).</summary>
    private protected abstract string Pause { get; }

    /// <summary>A count of Cutover's constraints (PostgreSQL) or of any triggers (SQLite) left on the two tables after complete.</summary>
    private protected abstract string CutoverConstraints { get; }

    private async Task<(string Db, Migrator Migrator)> OrdersAsync()
    {
        var db = await NewDatabaseAsync();
        // 100 customers repeated over the rows; every 50th row has no customer (both values NULL), every 37th no email.
        Files.Write("20260101000000", "orders", $"""
            -- cutover:up
            CREATE TABLE orders (id {KeyType} PRIMARY KEY, total integer NOT NULL DEFAULT 0, customer_name text, customer_email text);
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {Rows})
            INSERT INTO orders (id, total, customer_name, customer_email)
            SELECT i, i, CASE WHEN i % 50 = 0 THEN NULL ELSE 'customer ' || (i % 100) END,
                   CASE WHEN i % 50 = 0 OR i % 37 = 0 THEN NULL ELSE 'c' || (i % 100) || '@example.com' END FROM n;
            -- cutover:down
            DROP TABLE orders;
            """);
        var migrator = NewMigrator(db);
        await migrator.UpAsync();
        Files.Write(Id, "extract_customers", Extract);
        return (db, migrator);
    }

    /// <summary>The old version: orders with their customer's values, updates of those values on rows the new version changes too.</summary>
    private static async Task OldStep(DbConnection c, int i)
    {
        switch (i % 4)
        {
            case 0: await ShapeWriter.ExecuteAsync(c, $"INSERT INTO orders (id, total, customer_name, customer_email) VALUES ({100000 + i}, {i}, 'old {i % 20}', 'old{i % 20}@example.com')"); break;
            case 1: await ShapeWriter.ExecuteAsync(c, $"UPDATE orders SET customer_name = 'old {i % 20}', customer_email = 'moved{i % 20}@example.com' WHERE id = {i % Rows + 1}"); break;
            case 2: await ShapeWriter.ScalarAsync(c, $"SELECT customer_email FROM orders WHERE id = {i % Rows + 1}"); break;
            default:
                if (i % 8 == 7)
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM orders WHERE id = {100000 + i - 3}");
                else
                    await ShapeWriter.ExecuteAsync(c, $"UPDATE orders SET total = total + 1 WHERE id = {(i * 7) % Rows + 1}");
                break;
        }
    }

    /// <summary>The new version: a customer and its order in one transaction, orders moved to another customer, customers renamed, reads of both.</summary>
    private static async Task NewStep(DbConnection c, int i)
    {
        switch (i % 4)
        {
            case 0:
                await ShapeWriter.ExecuteInTransactionAsync(c,
                    $"INSERT INTO customers (name, email) VALUES ('new {i}', 'new{i}@example.com')",
                    $"INSERT INTO orders (id, total, customer_id) SELECT {200000 + i}, {i}, id FROM customers WHERE name = 'new {i}' AND email = 'new{i}@example.com'");
                break;
            case 1:
                await ShapeWriter.ExecuteAsync(c, $"UPDATE orders SET customer_id = (SELECT id FROM customers WHERE name = 'customer {i % 40 + 1}' AND email = 'c{i % 40 + 1}@example.com') " +
                                                  $"WHERE id = {(i * 5) % Rows + 1}");
                break;
            case 2: await ShapeWriter.ScalarAsync(c, $"SELECT c.email FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = {i % Rows + 1}"); break;
            default:
                // Of the customers and orders it made three steps before: a third renamed, a third deleted, a third kept as they are.
                if (i % 12 == 3)
                    await ShapeWriter.ExecuteAsync(c, $"UPDATE customers SET email = 'renamed{i - 3}@example.com' WHERE name = 'new {i - 3}'");
                else if (i % 12 == 7)
                    await ShapeWriter.ExecuteAsync(c, $"DELETE FROM orders WHERE id = {200000 + i - 3}");
                else
                    await ShapeWriter.ExecuteAsync(c, $"UPDATE orders SET total = total + 1 WHERE id = {200000 + i - 3}");
                break;
        }
    }

    /// <summary>Orders whose customer_id does not name the row of their values, and tuples held twice: both must be zero.</summary>
    private async Task AssertShapesAgreeAsync(string db, string when)
    {
        var differing = await CountAsync(db, "SELECT count(*) FROM orders o WHERE (o.customer_id IS NULL AND (o.customer_name IS NOT NULL OR o.customer_email IS NOT NULL)) " +
                                             "OR (o.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id " +
                                             $"AND c.name {Same} o.customer_name AND c.email {Same} o.customer_email))");
        var twice = await CountAsync(db, "SELECT count(*) FROM (SELECT name, email FROM customers GROUP BY name, email HAVING count(*) > 1) AS d");
        Assert.True(differing == 0 && twice == 0, $"{when}: {differing} order(s) whose customer_id does not match their values, {twice} tuple(s) held twice");
    }

    [Fact]
    public async Task Both_versions_write_through_expand_verify_and_complete_without_a_failed_statement_and_the_shapes_agree()
    {
        var (db, migrator) = await OrdersAsync();
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), OldStep);
        await old.AdvanceAsync(20);

        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), NewStep);
        await Task.WhenAll(old.AdvanceAsync(200), fresh.AdvanceAsync(200));
        await AssertShapesAgreeAsync(db, "expanded, both writing");
        await using (var shaped = await OpenNewAsync(db, migrator))
        {
            Assert.Equal(["id", "total", "customer_id"], await ColumnsAsync(shaped, "orders"));
            Assert.Equal(["id", "name", "email"], await ColumnsAsync(shaped, "customers"));
            // What the old version wrote, seen by the new one: its orders' customers by key.
            var oldOrders = Convert.ToInt64(await ShapeWriter.ScalarAsync(shaped, "SELECT count(*) FROM orders WHERE id BETWEEN 100000 AND 199999"));
            Assert.True(oldOrders > 0);
            // One statement: the old version keeps inserting meanwhile.
            Assert.Equal(0, Convert.ToInt64(await ShapeWriter.ScalarAsync(shaped, "SELECT count(*) FROM orders o WHERE o.id BETWEEN 100000 AND 199999 " +
                "AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id AND c.name LIKE 'old %')")));
        }
        // The backfill linked every existing order with values (the shapes agree); those without keep a NULL key.
        Assert.True(await CountAsync(db, $"SELECT count(*) FROM orders WHERE id <= {Rows} AND customer_id IS NULL") > 0);

        var verification = await migrator.VerifyAsync(Id);
        Assert.True(verification.Clean, string.Join("; ", verification.Samples));
        Assert.True(verification.Rows >= Rows);
        await Task.WhenAll(old.AdvanceAsync(50), fresh.AdvanceAsync(50));
        NoErrors(old, fresh);

        // The old version is retired before the contract: its columns are what complete drops.
        await old.StopAsync();
        await AssertShapesAgreeAsync(db, "the old version stopped");
        // What the new version wrote, seen by the old shape: its orders carry their customer's values, renames included.
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM orders WHERE id >= 200000 AND (customer_name NOT LIKE 'new %' OR customer_name IS NULL)"));
        Assert.True(await CountAsync(db, "SELECT count(*) FROM orders WHERE id >= 200000 AND customer_email LIKE 'renamed%'") > 0);
        const string oldLinked = "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id BETWEEN 100000 AND 199999 AND c.name LIKE 'old %'";
        var linked = await CountAsync(db, oldLinked);
        if (NewVersionReopensAfterComplete)
            await fresh.StopAsync();
        await migrator.CompleteAsync(Id);
        if (NewVersionReopensAfterComplete)
            fresh = ShapeWriter.Start("new version, reopened", () => OpenNewAsync(db, migrator), (c, i) => NewStep(c, i + 50000));
        await fresh.AdvanceAsync(100);
        await fresh.StopAsync();
        NoErrors(old, fresh);

        await using (var plain = await OpenOldAsync(db))
            Assert.Equal(["id", "total", "customer_id"], await ColumnsAsync(plain, "orders"));
        Assert.True(linked > 0);
        Assert.Equal(linked, await CountAsync(db, oldLinked));
        Assert.Equal(0, await CountAsync(db, "SELECT count(*) FROM orders o WHERE o.customer_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = o.customer_id)"));
        Assert.Equal(Rows, await CountAsync(db, $"SELECT count(*) FROM cutover_archive_{Id}_orders WHERE id <= {Rows}"));
        Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM cutover_archive_{Id}_orders WHERE id <= {Rows} AND customer_id IS NULL AND customer_name IS NOT NULL"));
    }

    [Fact]
    public async Task Both_versions_write_through_expand_and_abort_and_the_old_shape_keeps_every_write()
    {
        var (db, migrator) = await OrdersAsync();
        var old = ShapeWriter.Start("old version", () => OpenOldAsync(db), OldStep);
        await old.AdvanceAsync(20);
        await migrator.UpAsync();
        var fresh = ShapeWriter.Start("new version", () => OpenNewAsync(db, migrator), NewStep);
        await Task.WhenAll(old.AdvanceAsync(200), fresh.AdvanceAsync(200));
        await AssertShapesAgreeAsync(db, "expanded, both writing");

        // The new version is rolled back: it stops, the old one keeps writing through the abort.
        await fresh.StopAsync();
        var written = await CountAsync(db, "SELECT count(*) FROM orders WHERE id >= 200000 AND customer_name LIKE 'new %'");
        var renamed = await CountAsync(db, "SELECT count(*) FROM orders WHERE id >= 200000 AND customer_email LIKE 'renamed%'");
        await migrator.AbortAsync(Id);
        await old.AdvanceAsync(100);
        await old.StopAsync();
        NoErrors(old, fresh);

        Assert.False(await ExistsAsync(db, "customers"));
        await using (var plain = await OpenOldAsync(db))
            Assert.Equal(["id", "total", "customer_name", "customer_email"], await ColumnsAsync(plain, "orders"));
        Assert.True(written > 0 && renamed > 0);
        Assert.Equal(written, await CountAsync(db, "SELECT count(*) FROM orders WHERE id >= 200000 AND customer_name LIKE 'new %'"));
        Assert.Equal(renamed, await CountAsync(db, "SELECT count(*) FROM orders WHERE id >= 200000 AND customer_email LIKE 'renamed%'"));
        Assert.True(await CountAsync(db, $"SELECT count(*) FROM orders WHERE id <= {Rows} AND customer_name IS NULL AND customer_email IS NULL") > 0);
    }

    [Fact]
    public async Task Verify_finds_the_orders_of_a_customer_deleted_behind_the_triggers_and_repair_links_them_again()
    {
        var (db, migrator) = await OrdersAsync();
        await migrator.UpAsync();
        const string customer = "(SELECT customer_id FROM orders WHERE id = 7)";
        var orphaned = await CountAsync(db, $"SELECT count(*) FROM orders WHERE customer_id = {customer}");
        await ExecuteAsync(db, $"{BehindTheTriggers}DELETE FROM customers WHERE id = {customer}");

        var found = await migrator.VerifyAsync(Id);
        Assert.True(orphaned > 1);
        Assert.Equal(orphaned, found.Mismatches);
        await migrator.VerifyAsync(Id, new global::Cutover.Operations.VerifyOptions { Repair = true });
        Assert.True((await migrator.VerifyAsync(Id)).Clean);
        await AssertShapesAgreeAsync(db, "repaired");
        Assert.Equal(orphaned, await CountAsync(db, "SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.name = 'customer 7' AND c.email = 'c7@example.com'"));
    }

    [Fact]
    public async Task Two_old_version_writers_inserting_the_same_new_customers_at_once_make_each_of_them_once()
    {
        var (db, migrator) = await OrdersAsync();
        await migrator.UpAsync();
        // Each tuple is new to the customers table and written by both at about the same moment, each in a transaction
        // held open a little after the insert (PostgreSQL): the second finds the first one's row uncommitted, a
        // find-or-create race that a plain INSERT would lose with a unique violation.
        Func<DbConnection, int, Task> Inserts(int first) => (c, i) => ShapeWriter.ExecuteInTransactionAsync(c,
            $"INSERT INTO orders (id, total, customer_name, customer_email) VALUES ({first + i}, {i}, 'race {i / 2}', 'race{i / 2}@example.com')", Pause);
        var one = ShapeWriter.Start("old version, one", () => OpenOldAsync(db), Inserts(300000));
        var two = ShapeWriter.Start("old version, two", () => OpenOldAsync(db), Inserts(400000));
        await Task.WhenAll(one.AdvanceAsync(150), two.AdvanceAsync(150));
        await Task.WhenAll(one.StopAsync(), two.StopAsync());
        NoErrors(one, two);

        await AssertShapesAgreeAsync(db, "after the race");
        var tuples = await CountAsync(db, "SELECT count(DISTINCT customer_name) FROM orders WHERE customer_name LIKE 'race %'");
        Assert.True(tuples >= 75);
        Assert.Equal(tuples, await CountAsync(db, "SELECT count(*) FROM customers WHERE name LIKE 'race %'"));
        Assert.True((await migrator.VerifyAsync(Id)).Clean);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Complete_makes_the_key_required_only_when_every_order_has_a_customer(bool everyOrderHasOne)
    {
        var (db, migrator) = await OrdersAsync();
        if (everyOrderHasOne)
            await ExecuteAsync(db, "DELETE FROM orders WHERE customer_name IS NULL AND customer_email IS NULL");
        await migrator.UpAsync();
        Assert.True((await migrator.VerifyAsync(Id)).Clean);
        await migrator.CompleteAsync(Id);

        var required = everyOrderHasOne && KeyRequiredWhenEveryRowHasOne;
        var orders = (await migrator.ReadSchemaAsync()).Tables.Single(t => t.Name == "orders");
        Assert.Equal(required, !orders.Columns.Single(c => c.Name == "customer_id").Nullable);
        Assert.Equal(0, await CountAsync(db, CutoverConstraints));
        await using var connection = await OpenOldAsync(db);
        var insert = ShapeWriter.ExecuteAsync(connection, "INSERT INTO orders (id, total, customer_id) VALUES (900000, 1, NULL)");
        if (required)
            await Assert.ThrowsAnyAsync<DbException>(() => insert);
        else
            Assert.Equal(1, await insert);
    }

    public static TheoryData<string, string> BadLines => new()
    {
        { "extract-table orders (customer_nope) to customers (name) key customer_id", "orders has no column customer_nope" },
        { "extract-table orders (customer_name) to existing (name) key customer_id", "existing exists already" },
        { "extract-table orders (customer_name, customer_email) to customers (name) key customer_id", "2 column(s) move but the new table names 1" },
        { "extract-table orders (id) to customers (name) key customer_id", "primary key" },
        { "extract-table orders (customer_name) to customers (name) key total", "orders already has a column total" },
    };

    [Theory]
    [MemberData(nameof(BadLines))]
    public async Task A_bad_extract_table_line_names_file_and_line_and_writes_nothing(string line, string problem)
    {
        var (db, migrator) = await OrdersAsync();
        await ExecuteAsync(db, "CREATE TABLE existing (id integer PRIMARY KEY)");
        var path = Files.Write(Id, "extract_customers", $"-- why: bad input\n-- cutover:op {line}\n");
        var schema = SchemaText.Render(await migrator.ReadSchemaAsync());

        var error = await Assert.ThrowsAsync<InvalidFileException>(() => migrator.UpAsync());

        Assert.StartsWith($"{path}:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message);
        Assert.Equal(schema, SchemaText.Render(await migrator.ReadSchemaAsync()));
        Assert.Equal(0, await CountAsync(db, $"SELECT count(*) FROM cutover_history WHERE id = '{Id}'"));
    }
}

public sealed class PostgresExtractTableTests : ExtractTableSpecification
{
    private protected override IDatabaseProvider Provider => PostgresWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => PostgresServer.CreateDatabaseAsync();
    private protected override string Same => "IS NOT DISTINCT FROM";
    private protected override bool NewVersionReopensAfterComplete => false;
    private protected override string KeyType => "bigint";
    private protected override string BehindTheTriggers => "SET session_replication_role = replica; ";
    private protected override bool KeyRequiredWhenEveryRowHasOne => true;
    private protected override string Pause => "SELECT pg_sleep(0.02)";
    private protected override string CutoverConstraints => "SELECT count(*) FROM pg_constraint WHERE conrelid = 'orders'::regclass AND conname LIKE 'cutover%'";
}

public sealed class SqliteExtractTableTests : ExtractTableSpecification
{
    private protected override IDatabaseProvider Provider => SqliteWindow.Provider;
    private protected override Task<string> NewDatabaseAsync() => SqliteWindow.NewDatabaseAsync();
    private protected override string Same => "IS";
    private protected override bool NewVersionReopensAfterComplete => true;
    private protected override string KeyType => "integer";
    private protected override string BehindTheTriggers => "PRAGMA foreign_keys = OFF; ";
    private protected override bool KeyRequiredWhenEveryRowHasOne => false;
    private protected override string Pause => "SELECT 1";
    private protected override string CutoverConstraints => "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN ('orders', 'customers')";
}
