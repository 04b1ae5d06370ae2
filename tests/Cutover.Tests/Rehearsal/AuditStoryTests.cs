using System.Security.Cryptography;
using Cutover.Rehearsal.Audit;
using Cutover.Sql;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Rehearsal;

/// <summary>The field's stories the audit exists for (CASES.md 7 and 9), the rebuild form, and the promise to write nothing.</summary>
public abstract class AuditStorySpecification
{
    private protected abstract AuditEngine Engine { get; }

    /// <summary>100 users; user 37 has no email.</summary>
    private const string HundredUsers = """
        CREATE TABLE users (id integer PRIMARY KEY, email text);
        WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100)
        INSERT INTO users (id, email) SELECT i, CASE WHEN i = 37 THEN NULL ELSE 'user' || i || '@example.com' END FROM n;
        """;

    /// <summary>A flat orders table with history: order 2 and 5 have no product, orders 3 and 6 name customers that do not exist.</summary>
    private const string FlatOrders = """
        CREATE TABLE customers (id integer PRIMARY KEY, name text NOT NULL);
        INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Bo');
        CREATE TABLE orders (id integer PRIMARY KEY, customer integer, product text, qty integer);
        INSERT INTO orders (id, customer, product, qty) VALUES
            (1, 1, 'pen', 2), (2, 2, NULL, 1), (3, 7, 'ink', 1), (4, 1, 'pad', NULL), (5, NULL, NULL, 3), (6, 8, 'cap', 1);
        """;

    private const string OrderItems = """
        CREATE TABLE order_items (
            id integer PRIMARY KEY,
            order_id integer NOT NULL REFERENCES orders (id),
            product text NOT NULL,
            qty integer
        );
        INSERT INTO order_items (id, order_id, product, qty) SELECT id, id, product, qty FROM orders;
        """;

    /// <summary>The foreign key from orders to customers, as each engine adds it (SQLite rebuilds the table).</summary>
    private string CustomerForeignKey => Engine.Dialect == SqlDialect.Postgres
        ? """
          ALTER TABLE orders ADD CONSTRAINT orders_customer FOREIGN KEY (customer) REFERENCES customers (id);
          ALTER TABLE orders DROP COLUMN product, DROP COLUMN qty;
          """
        : """
          CREATE TABLE orders_new (id integer PRIMARY KEY, customer integer REFERENCES customers (id));
          INSERT INTO orders_new (id, customer) SELECT id, customer FROM orders;
          DROP TABLE orders;
          ALTER TABLE orders_new RENAME TO orders;
          """;

    [Fact]
    public async Task Story_9_a_column_made_required_while_1_of_100_rows_is_null_names_the_count_and_the_id()
    {
        var finding = Assert.Single(await Engine.AuditAsync(HundredUsers, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"));

        Assert.Equal("NOT NULL users.email", finding.Constraint);
        Assert.Equal(AuditOutcome.Violated, finding.Outcome);
        Assert.Equal(1, finding.ViolatingRows);
        Assert.Equal(["id=37"], finding.SampleKeys);
    }

    [Fact]
    public async Task Story_9_a_backfill_before_the_constraint_is_named_beside_the_count()
    {
        var finding = Assert.Single(await Engine.AuditAsync(HundredUsers, """
            UPDATE users SET email = 'unknown' WHERE email IS NULL;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            """));

        Assert.Equal(1, finding.ViolatingRows);
        Assert.Equal("counted on the rows as they are now: UPDATE users at 20260101000001_m1.sql:2 runs first and may change them", finding.Note);
    }

    [Fact]
    public async Task Story_7_orders_normalised_the_audit_reports_the_rows_that_would_violate_before_anything_runs()
    {
        await using var connection = await Engine.NewDatabaseAsync(FlatOrders);
        var findings = await Engine.AuditAsync(connection, OrderItems + CustomerForeignKey);

        var product = Assert.Single(findings, f => f.Constraint == "NOT NULL order_items.product");
        Assert.Equal((AuditOutcome.Violated, 2L), (product.Outcome, product.ViolatingRows));
        Assert.Equal(["id=2, order_id=2, product=NULL, qty=1", "id=5, order_id=5, product=NULL, qty=3"], product.SampleKeys);
        Assert.Equal(8, product.Line);
        Assert.StartsWith("WITH cutover_src (\"id\", \"order_id\", \"product\", \"qty\") AS (\nSELECT id, id, product, qty FROM orders\n)", product.Sql, StringComparison.Ordinal);

        var toOrders = Assert.Single(findings, f => f.Constraint == "FOREIGN KEY order_items (order_id) → orders (id)");
        Assert.Equal(AuditOutcome.Passed, toOrders.Outcome);

        var toCustomers = Assert.Single(findings, f => f.Constraint.EndsWith("(customer) → customers (id)", StringComparison.Ordinal));
        Assert.Equal((AuditOutcome.Violated, 2L), (toCustomers.Outcome, toCustomers.ViolatingRows));
        Assert.Collection(toCustomers.SampleKeys,
            k => Assert.StartsWith("id=3", k, StringComparison.Ordinal),
            k => Assert.StartsWith("id=6", k, StringComparison.Ordinal));

        Assert.DoesNotContain(findings, f => f.Outcome == AuditOutcome.NotEvaluated);
        Assert.Equal(6, await AuditEngine.CountAsync(connection, "orders"));
    }

    [Fact]
    public async Task A_foreign_key_to_a_table_the_migration_creates_and_fills_is_skipped_with_a_note()
    {
        var findings = await Engine.AuditAsync(FlatOrders, """
            CREATE TABLE products (name text PRIMARY KEY);
            INSERT INTO products (name) SELECT DISTINCT product FROM orders WHERE product IS NOT NULL;
            CREATE TABLE order_lines (order_id integer NOT NULL REFERENCES orders (id), product text REFERENCES products (name));
            INSERT INTO order_lines (order_id, product) SELECT id, product FROM orders;
            """);

        var skipped = Assert.Single(findings, f => f.Constraint == "FOREIGN KEY order_lines (product) → products (name)");
        Assert.Equal(AuditOutcome.NotEvaluated, skipped.Outcome);
        Assert.Equal("not checked: products is created at 20260101000001_m1.sql:2, so the rows it will hold are not known before the migrations run", skipped.Note);
        Assert.Equal(AuditOutcome.Passed, Assert.Single(findings, f => f.Constraint == "FOREIGN KEY order_lines (order_id) → orders (id)").Outcome);
    }

    [Fact]
    public async Task A_new_not_null_column_the_insert_leaves_out_is_violated_by_every_row_it_inserts()
    {
        var findings = await Engine.AuditAsync(FlatOrders, """
            CREATE TABLE order_totals (order_id integer NOT NULL, price integer NOT NULL, currency text NOT NULL DEFAULT 'EUR');
            INSERT INTO order_totals (order_id) SELECT id FROM orders WHERE id < 3;
            """);

        var price = Assert.Single(findings, f => f.Constraint == "NOT NULL order_totals.price");
        Assert.Equal((AuditOutcome.Violated, 2L), (price.Outcome, price.ViolatingRows));
        Assert.Equal(["order_id=1", "order_id=2"], price.SampleKeys);
        Assert.Contains("does not set price", price.Note, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Constraint.Contains("currency", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_sqlite_table_rebuild_checks_the_new_definition_against_the_copied_rows()
    {
        var findings = await Engine.AuditAsync("""
            CREATE TABLE users (id integer PRIMARY KEY, email text, age integer);
            INSERT INTO users (id, email, age) VALUES (1, 'a', 30), (2, NULL, 20), (3, 'a', -1), (4, 'b', NULL);
            """,
            """
            CREATE TABLE users_new (id integer PRIMARY KEY, email text NOT NULL UNIQUE, age integer CHECK (age >= 0));
            INSERT INTO users_new SELECT id, email, age FROM users;
            DROP TABLE users;
            ALTER TABLE users_new RENAME TO users;
            """);

        var violated = findings.Where(f => f.Outcome == AuditOutcome.Violated).ToList();
        Assert.Equal(["NOT NULL users_new.email", "UNIQUE users_new (email)", "CHECK users_new (age >= 0)"], violated.Select(f => f.Constraint));
        Assert.Equal(["id=2, email=NULL, age=20"], violated[0].SampleKeys);
        Assert.Equal(["email=a (2 rows)"], violated[1].SampleKeys);
        Assert.Equal(["id=3, email=a, age=-1"], violated[2].SampleKeys);
        Assert.All(findings, f => Assert.Equal(3, f.Line));
    }

    [Fact]
    public async Task The_audit_writes_nothing()
    {
        await using var connection = await Engine.NewDatabaseAsync(FlatOrders);
        var schemaBefore = await Engine.SchemaTextAsync(connection);
        var fileBefore = await SqliteFileHashAsync(connection);

        var findings = await Engine.AuditAsync(connection, OrderItems + CustomerForeignKey,
            "ALTER TABLE customers ADD COLUMN email text NOT NULL;\nCREATE UNIQUE INDEX customers_name ON customers (name);");

        Assert.NotEmpty(findings);
        Assert.Equal(schemaBefore, await Engine.SchemaTextAsync(connection));
        Assert.Equal(6, await AuditEngine.CountAsync(connection, "orders"));
        Assert.Equal(2, await AuditEngine.CountAsync(connection, "customers"));
        Assert.Equal(fileBefore, await SqliteFileHashAsync(connection));
        // The connection is left out of any transaction, ready for the migrations themselves.
        await AuditEngine.ExecuteAsync(connection, "INSERT INTO customers (id, name) VALUES (3, 'Cy')");
        Assert.Equal(3, await AuditEngine.CountAsync(connection, "customers"));
    }

    private static async Task<string?> SqliteFileHashAsync(System.Data.Common.DbConnection connection) =>
        connection is SqliteConnection sqlite
            ? Convert.ToHexString(SHA256.HashData(await File.ReadAllBytesAsync(sqlite.DataSource)))
            : null;
}

public sealed class SqliteAuditStoryTests : AuditStorySpecification
{
    private protected override AuditEngine Engine => AuditEngine.Sqlite;

    [Fact]
    public async Task Insert_or_ignore_is_reported_as_rows_lost_not_rejected()
    {
        var findings = await Engine.AuditAsync("""
            CREATE TABLE users (id integer PRIMARY KEY, email text);
            INSERT INTO users (id, email) VALUES (1, 'a'), (2, NULL);
            """,
            """
            CREATE TABLE users_new (id integer PRIMARY KEY, email text NOT NULL);
            INSERT OR IGNORE INTO users_new (id, email) SELECT id, email FROM users;
            """);

        var finding = Assert.Single(findings, f => f.Outcome == AuditOutcome.Violated);
        Assert.Equal(("NOT NULL users_new.email", 1L), (finding.Constraint, finding.ViolatingRows));
        Assert.Contains("lost, not rejected", finding.Note, StringComparison.Ordinal);
        Assert.Null(Assert.Single(findings, f => f.Outcome == AuditOutcome.Passed).Note);
    }
}

public sealed class PostgresAuditStoryTests : AuditStorySpecification
{
    private protected override AuditEngine Engine => AuditEngine.Postgres;
}
