using Cutover.Rehearsal.Audit;
using Cutover.Sql;

namespace Cutover.Tests.Rehearsal;

/// <summary>Each kind of constraint the audit reads, with violations and with a near miss, the same on both engines.</summary>
public abstract class AuditConstraintSpecification
{
    private protected abstract AuditEngine Engine { get; }

    private const string Users = """
        CREATE TABLE users (id integer PRIMARY KEY, email text, deleted integer NOT NULL DEFAULT 0);
        INSERT INTO users (id, email) VALUES (1, 'a@x'), (2, NULL), (3, 'b@x'), (4, NULL), (5, 'c@x');
        """;

    private const string Orders = """
        CREATE TABLE customers (id integer PRIMARY KEY, name text);
        INSERT INTO customers (id, name) VALUES (1, 'Ada'), (2, 'Bo');
        CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, total integer);
        INSERT INTO orders (id, customer_id, total) VALUES (1, 1, 10), (2, 3, -5), (3, NULL, NULL), (4, 2, 0), (5, 9, -1);
        """;

    [Fact]
    public async Task Set_not_null_counts_the_null_rows_and_names_their_keys()
    {
        var finding = Assert.Single(await Engine.AuditAsync(Users, "ALTER TABLE users ALTER COLUMN email SET NOT NULL;"));

        Assert.Equal("NOT NULL users.email", finding.Constraint);
        Assert.Equal(AuditOutcome.Violated, finding.Outcome);
        Assert.Equal(2, finding.ViolatingRows);
        Assert.Equal(["id=2", "id=4"], finding.SampleKeys);
        Assert.Equal(("20260101000001", "migrations/20260101000001_m1.sql", 2), (finding.MigrationId, finding.Path, finding.Line));
        Assert.Contains("\"email\" IS NULL", finding.Sql, StringComparison.Ordinal);
        Assert.Null(finding.Note);
    }

    [Fact]
    public async Task Set_not_null_on_a_column_without_nulls_passes()
    {
        var finding = Assert.Single(await Engine.AuditAsync(Users, "ALTER TABLE users ALTER COLUMN deleted SET NOT NULL;"));

        Assert.Equal(AuditOutcome.Passed, finding.Outcome);
        Assert.Equal(0, finding.ViolatingRows);
        Assert.Empty(finding.SampleKeys);
    }

    [Fact]
    public async Task A_not_null_column_added_without_a_default_is_violated_by_every_row()
    {
        var finding = Assert.Single(await Engine.AuditAsync(Users, "ALTER TABLE users ADD COLUMN role text NOT NULL;"));

        Assert.Equal("NOT NULL users.role", finding.Constraint);
        Assert.Equal(AuditOutcome.Violated, finding.Outcome);
        Assert.Equal(5, finding.ViolatingRows);
        Assert.Equal(["id=1", "id=2", "id=3", "id=4", "id=5"], finding.SampleKeys);
        Assert.Contains("every existing row", finding.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_not_null_column_added_with_a_default_asks_nothing_of_the_rows()
    {
        Assert.Empty(await Engine.AuditAsync(Users, "ALTER TABLE users ADD COLUMN role text NOT NULL DEFAULT 'member';"));
    }

    [Fact]
    public async Task Check_counts_the_rows_where_it_is_false_and_lets_null_pass()
    {
        var finding = Assert.Single(await Engine.AuditAsync(Orders, "ALTER TABLE orders ADD CONSTRAINT total_not_negative CHECK (total >= 0);"));

        Assert.Equal("CHECK orders (total >= 0)", finding.Constraint);
        Assert.Equal(AuditOutcome.Violated, finding.Outcome);
        Assert.Equal(2, finding.ViolatingRows);
        Assert.Equal(["id=2", "id=5"], finding.SampleKeys);
    }

    [Fact]
    public async Task Check_that_every_row_meets_passes()
    {
        var finding = Assert.Single(await Engine.AuditAsync(Orders, "ALTER TABLE orders ADD CHECK (total >= -5);"));

        Assert.Equal("CHECK orders (total >= -5)", finding.Constraint);
        Assert.Equal(AuditOutcome.Passed, finding.Outcome);
    }

    [Fact]
    public async Task Foreign_key_counts_the_orphans_and_lets_null_keys_pass()
    {
        var finding = Assert.Single(await Engine.AuditAsync(Orders,
            "ALTER TABLE orders ADD CONSTRAINT orders_customer FOREIGN KEY (customer_id) REFERENCES customers (id);"));

        Assert.Equal("FOREIGN KEY orders (customer_id) → customers (id)", finding.Constraint);
        Assert.Equal(AuditOutcome.Violated, finding.Outcome);
        Assert.Equal(2, finding.ViolatingRows);
        Assert.Equal(["id=2", "id=5"], finding.SampleKeys);
    }

    [Fact]
    public async Task Foreign_key_to_a_primary_key_it_does_not_name_is_resolved_and_passes_without_orphans()
    {
        var finding = Assert.Single(await Engine.AuditAsync(Orders + "DELETE FROM orders WHERE id IN (2, 5);",
            "ALTER TABLE orders ADD FOREIGN KEY (customer_id) REFERENCES customers;"));

        Assert.Equal("FOREIGN KEY orders (customer_id) → customers (id)", finding.Constraint);
        Assert.Equal(AuditOutcome.Passed, finding.Outcome);
    }

    [Fact]
    public async Task Unique_counts_the_rows_in_duplicate_groups_and_samples_the_values()
    {
        var finding = Assert.Single(await Engine.AuditAsync("""
            CREATE TABLE users (id integer PRIMARY KEY, email text);
            INSERT INTO users (id, email) VALUES (1, 'a'), (2, 'a'), (3, 'b'), (4, 'c'), (5, 'c'), (6, 'c'), (7, NULL), (8, NULL);
            """,
            "ALTER TABLE users ADD CONSTRAINT users_email UNIQUE (email);"));

        Assert.Equal("UNIQUE users (email)", finding.Constraint);
        Assert.Equal(AuditOutcome.Violated, finding.Outcome);
        Assert.Equal(5, finding.ViolatingRows);
        Assert.Equal(["email=a (2 rows)", "email=c (3 rows)"], finding.SampleKeys);
    }

    [Fact]
    public async Task Unique_over_distinct_values_and_several_nulls_passes()
    {
        var finding = Assert.Single(await Engine.AuditAsync(Users, "ALTER TABLE users ADD UNIQUE (email, deleted);"));

        Assert.Equal("UNIQUE users (email, deleted)", finding.Constraint);
        Assert.Equal(AuditOutcome.Passed, finding.Outcome);
    }

    [Fact]
    public async Task Unique_index_checks_only_the_rows_its_predicate_selects()
    {
        const string setup = """
            CREATE TABLE users (id integer PRIMARY KEY, email text, deleted integer NOT NULL);
            INSERT INTO users (id, email, deleted) VALUES (1, 'a', 1), (2, 'a', 0), (3, 'b', 1), (4, 'b', 1), (5, 'c', 0), (6, 'c', 0);
            """;
        var findings = await Engine.AuditAsync(setup,
            "CREATE UNIQUE INDEX users_live_email ON users (email) WHERE deleted = 0;",
            "CREATE UNIQUE INDEX users_email ON users (email);");

        Assert.Equal("UNIQUE users (email) WHERE deleted = 0", findings[0].Constraint);
        Assert.Equal((AuditOutcome.Violated, 2L), (findings[0].Outcome, findings[0].ViolatingRows));
        Assert.Equal(["email=c (2 rows)"], findings[0].SampleKeys);
        Assert.Equal("20260101000002", findings[1].MigrationId);
        Assert.Equal(6, findings[1].ViolatingRows);
    }

    [Fact]
    public async Task Unique_index_on_an_expression_is_a_note_not_a_failure()
    {
        var finding = Assert.Single(await Engine.AuditAsync(Users, "CREATE UNIQUE INDEX users_lower_email ON users (lower(email));"));

        Assert.Equal(AuditOutcome.NotEvaluated, finding.Outcome);
        Assert.Contains("expression", finding.Note, StringComparison.Ordinal);
        Assert.Null(finding.Sql);
    }

    [Fact]
    public async Task Primary_key_checks_nulls_and_duplicates()
    {
        var findings = await Engine.AuditAsync("""
            CREATE TABLE events (code text, note text);
            INSERT INTO events (code, note) VALUES ('x', 'one'), ('x', 'two'), ('y', 'three'), (NULL, 'four');
            """,
            "ALTER TABLE events ADD PRIMARY KEY (code);");

        Assert.Equal(2, findings.Count);
        Assert.Equal("NOT NULL events.code (PRIMARY KEY)", findings[0].Constraint);
        Assert.Equal(1, findings[0].ViolatingRows);
        // No key to name the row by: SQLite's rowid, or on PostgreSQL the row's values.
        Assert.Equal([Engine.Dialect == SqlDialect.Sqlite ? "rowid=4" : "code=NULL, note=four"], findings[0].SampleKeys);
        Assert.Equal("PRIMARY KEY events (code)", findings[1].Constraint);
        Assert.Equal((AuditOutcome.Violated, 2L), (findings[1].Outcome, findings[1].ViolatingRows));
        Assert.Equal(["code=x (2 rows)"], findings[1].SampleKeys);
    }

    [Fact]
    public async Task A_table_that_does_not_exist_yet_is_a_note()
    {
        var findings = await Engine.AuditAsync(Users, """
            CREATE TABLE tags (id integer PRIMARY KEY, name text);
            ALTER TABLE tags ADD CONSTRAINT tags_name UNIQUE (name);
            ALTER TABLE missing ALTER COLUMN x SET NOT NULL;
            """);

        Assert.All(findings, f => Assert.Equal(AuditOutcome.NotEvaluated, f.Outcome));
        Assert.Contains("tags does not exist on the copy yet: it is created at 20260101000001_m1.sql:2", findings[0].Note, StringComparison.Ordinal);
        Assert.Equal("missing does not exist on the copy", findings[1].Note);
    }

    [Fact]
    public async Task A_query_the_database_refuses_is_a_note_and_the_audit_goes_on()
    {
        var findings = await Engine.AuditAsync(Orders, """
            ALTER TABLE orders ADD CONSTRAINT broken CHECK (no_such_column > 0);
            ALTER TABLE orders ALTER COLUMN total SET NOT NULL;
            """);

        Assert.Equal(AuditOutcome.NotEvaluated, findings[0].Outcome);
        Assert.Contains("no_such_column", findings[0].Note, StringComparison.Ordinal);
        Assert.NotNull(findings[0].Sql);
        Assert.Equal((AuditOutcome.Violated, 1L), (findings[1].Outcome, findings[1].ViolatingRows));
    }

    [Fact]
    public async Task Set_not_null_on_a_column_a_pending_migration_adds_is_a_note()
    {
        var findings = await Engine.AuditAsync(Users,
            "ALTER TABLE users ADD COLUMN role text;",
            "ALTER TABLE users ALTER COLUMN role SET NOT NULL;");

        var finding = Assert.Single(findings);
        Assert.Equal(AuditOutcome.NotEvaluated, finding.Outcome);
        Assert.Equal("users has no column role on the copy: it is added at 20260101000001_m1.sql:2, and its values come from statements the audit does not run", finding.Note);
    }

    [Fact]
    public async Task A_backfill_insert_select_is_audited_over_every_batch_its_placeholder_covering_all_rows()
    {
        // Issue 12 item 20: the {batch} placeholder used to reach the query ("syntax error at or near '{'", not checked).
        var findings = await Engine.AuditAsync(Users, """
            CREATE TABLE contacts (id integer PRIMARY KEY, email text NOT NULL);
            -- cutover:backfill users batch=2
            INSERT INTO contacts (id, email) SELECT u.id, u.email FROM users u WHERE {batch:u};
            """);

        var notNull = Assert.Single(findings, f => f.Constraint == "NOT NULL contacts.email");
        Assert.Equal((AuditOutcome.Violated, 2L), (notNull.Outcome, notNull.ViolatingRows));
        Assert.Equal(4, notNull.Line);
        Assert.DoesNotContain("{batch", notNull.Sql, StringComparison.Ordinal);
        Assert.DoesNotContain(findings, f => f.Outcome == AuditOutcome.NotEvaluated);
    }

    [Fact]
    public async Task Statements_cut_short_never_crash_the_audit()
    {
        var findings = await Engine.AuditAsync(Users, """
            ALTER TABLE;
            ALTER TABLE users ADD;
            ALTER TABLE users ADD CONSTRAINT;
            ALTER TABLE users ADD FOREIGN KEY (email) REFERENCES;
            ALTER TABLE users ALTER COLUMN;
            CREATE UNIQUE INDEX u ON users;
            CREATE UNIQUE INDEX u ON users (email;
            INSERT INTO;
            CREATE TABLE n (a int NOT NULL REFERENCES;
            INSERT INTO n SELECT;
            INSERT INTO n (a) (SELECT;
            WITH x AS (SELECT 1);
            ALTER TABLE users ALTER COLUMN email SET NOT NULL
            """);

        Assert.Equal((AuditOutcome.Violated, 2L), (findings[^1].Outcome, findings[^1].ViolatingRows));
        Assert.DoesNotContain(findings.SkipLast(1), f => f.Outcome == AuditOutcome.Violated);
    }
}

public sealed class SqliteAuditConstraintTests : AuditConstraintSpecification
{
    private protected override AuditEngine Engine => AuditEngine.Sqlite;

    [Fact]
    public async Task Adding_a_not_null_column_without_a_default_says_sqlite_refuses_it_even_when_empty()
    {
        var finding = Assert.Single(await Engine.AuditAsync("CREATE TABLE t (id integer PRIMARY KEY);", "ALTER TABLE t ADD COLUMN c text NOT NULL;"));

        Assert.Equal(AuditOutcome.Passed, finding.Outcome);
        Assert.Contains("SQLite refuses", finding.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unique_index_follows_the_collation_the_index_names()
    {
        var finding = Assert.Single(await Engine.AuditAsync("""
            CREATE TABLE users (id integer PRIMARY KEY, email text);
            INSERT INTO users (id, email) VALUES (1, 'A@x'), (2, 'a@x');
            """,
            "CREATE UNIQUE INDEX users_email ON users (email COLLATE NOCASE);"));

        Assert.Equal(2, finding.ViolatingRows);
    }
}

public sealed class PostgresAuditConstraintTests : AuditConstraintSpecification
{
    private protected override AuditEngine Engine => AuditEngine.Postgres;

    [Fact]
    public async Task A_constraint_added_not_valid_is_audited_where_it_is_validated()
    {
        var findings = await Engine.AuditAsync("""
            CREATE TABLE users (id integer PRIMARY KEY, email text);
            INSERT INTO users (id, email) VALUES (1, 'a'), (2, NULL);
            """,
            """
            ALTER TABLE users ADD CONSTRAINT email_present CHECK (email IS NOT NULL) NOT VALID;
            UPDATE users SET email = 'unknown' WHERE email IS NULL;
            ALTER TABLE users VALIDATE CONSTRAINT email_present;
            """,
            "ALTER TABLE users ADD CONSTRAINT email_short CHECK (length(email) < 100) NOT VALID;");

        Assert.Equal(2, findings.Count);
        Assert.Equal(4, findings[0].Line);
        Assert.Equal(1, findings[0].ViolatingRows);
        Assert.Contains("added NOT VALID at 20260101000001_m1.sql:2", findings[0].Note, StringComparison.Ordinal);
        Assert.Contains("UPDATE users at 20260101000001_m1.sql:3 runs first", findings[0].Note, StringComparison.Ordinal);
        Assert.Equal("20260101000002", findings[1].MigrationId);
        Assert.Equal(AuditOutcome.Passed, findings[1].Outcome);
        Assert.Contains("not validated", findings[1].Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exclusion_constraints_are_a_note()
    {
        var finding = Assert.Single(await Engine.AuditAsync("CREATE TABLE t (id integer PRIMARY KEY, r int4range);",
            "ALTER TABLE t ADD CONSTRAINT no_overlap EXCLUDE USING gist (r WITH &&);"));

        Assert.Equal(AuditOutcome.NotEvaluated, finding.Outcome);
    }

    [Fact]
    public async Task Unique_nulls_not_distinct_counts_null_duplicates()
    {
        var finding = Assert.Single(await Engine.AuditAsync("""
            CREATE TABLE t (id integer PRIMARY KEY, k text);
            INSERT INTO t (id, k) VALUES (1, NULL), (2, NULL), (3, 'a');
            """,
            "ALTER TABLE t ADD UNIQUE NULLS NOT DISTINCT (k);"));

        Assert.Equal(["k=NULL (2 rows)"], finding.SampleKeys);
    }

    [Fact]
    public async Task A_schema_qualified_table_is_read_in_its_schema()
    {
        var finding = Assert.Single(await Engine.AuditAsync("""
            CREATE SCHEMA app;
            CREATE TABLE app.users (id integer PRIMARY KEY, email text);
            INSERT INTO app.users (id, email) VALUES (1, NULL);
            """,
            "ALTER TABLE app.users ALTER COLUMN email SET NOT NULL;"));

        Assert.Equal("NOT NULL app.users.email", finding.Constraint);
        Assert.Equal(["id=1"], finding.SampleKeys);
    }
}
