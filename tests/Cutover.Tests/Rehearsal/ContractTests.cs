using System.Data.Common;
using Cutover.Rehearsal.Contracts;
using Cutover.Sql;
using Cutover.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Cutover.Tests.Rehearsal;

/// <summary>
/// Contract queries run before and after a migration on the same database, every expectation
/// passing and failing, held to the same behaviour on both engines.
/// </summary>
public abstract class ContractSpecification
{
    private const string Users = """
        CREATE TABLE users (id integer PRIMARY KEY, email text);
        INSERT INTO users (id, email) VALUES (1, 'a@example.com'), (2, 'b@example.com'), (3, 'c@example.com'), (4, 'd@example.com');
        """;

    private protected abstract SqlDialect Dialect { get; }

    private protected IDatabaseProvider Provider => Dialect == SqlDialect.Sqlite ? new Cutover.Sqlite.SqliteProvider() : new Cutover.Postgres.PostgresProvider();

    /// <summary>An open connection to a database of the test's own.</summary>
    private protected abstract Task<DbConnection> OpenAsync();

    private protected sealed record Runs(ContractRun Before, ContractRun After, ContractResult Result);

    /// <summary>Runs the contract, applies the "migration" SQL, runs it again and compares: what `cutover rehearse` does for each contract.</summary>
    private protected async Task<Runs> RehearseAsync(string setup, string contract, string migration, int timedRuns = 3, int maxKeptRows = ContractRunner.MaxKeptRows)
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, setup);
        var query = ContractFolder.Parse("contracts/c.sql", contract, Dialect);
        var before = await RunAsync(connection, query, timedRuns, maxKeptRows);
        await ExecuteAsync(connection, migration);
        var after = await RunAsync(connection, query, timedRuns, maxKeptRows);
        return new Runs(before, after, ContractRunner.Compare(before, after));
    }

    private Task<ContractRun> RunAsync(DbConnection connection, ContractQuery query, int timedRuns, int maxKeptRows) =>
        maxKeptRows == ContractRunner.MaxKeptRows
            ? ContractRunner.RunAsync(connection, Provider, query, timedRuns, CancellationToken.None)
            : ContractRunner.RunAsync(connection, Provider, query, timedRuns, maxKeptRows, CancellationToken.None);

    private protected static async Task ExecuteAsync(DbConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Theory]
    [InlineData("rows >= 3", null)]
    [InlineData("rows >= 4", "rows >= 4: 3 rows")]
    [InlineData("rows > 2", null)]
    [InlineData("rows > 3", "rows > 3: 3 rows")]
    [InlineData("rows = 3", null)]
    [InlineData("rows = 4", "rows = 4: 3 rows")]
    [InlineData("rows <= 3", null)]
    [InlineData("rows <= 2", "rows <= 2: 3 rows")]
    [InlineData("rows < 4", null)]
    [InlineData("rows < 3", "rows < 3: 3 rows")]
    public async Task Row_counts_are_checked_after_the_migration(string expectation, string? failure)
    {
        var runs = await RehearseAsync(Users, $"-- expect: {expectation}\nSELECT id FROM users", "DELETE FROM users WHERE id = 4");

        Assert.Equal(failure is null ? [] : [failure], runs.Result.Failures);
        Assert.Equal(4, runs.Result.RowsBefore);
        Assert.Equal(3, runs.Result.RowsAfter);
    }

    [Fact]
    public async Task A_page_left_empty_fails_rows_at_least_one()
    {
        var runs = await RehearseAsync(Users, "-- expect: rows >= 1\nSELECT id FROM users", "DELETE FROM users");
        Assert.Equal(["rows >= 1: 0 rows"], runs.Result.Failures);
        Assert.False(runs.Result.Passed);
    }

    [Fact]
    public async Task Same_rows_names_the_user_project_pairs_lost_when_owner_id_becomes_a_link_table()
    {
        // Before: a user sees a project they own or that belongs to one of their teams. The
        // migration replaces projects.owner_id with project_members, filled from owner_id alone,
        // so users who only had a project through a team lose it.
        const string setup = """
            CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);
            CREATE TABLE teams (id integer PRIMARY KEY, name text NOT NULL);
            CREATE TABLE team_members (team_id integer NOT NULL, user_id integer NOT NULL);
            CREATE TABLE projects (id integer PRIMARY KEY, name text NOT NULL, owner_id integer, team_id integer);
            INSERT INTO users VALUES (1, 'ann@example.com'), (2, 'bo@example.com'), (5, 'eve@example.com'), (7, 'gus@example.com'), (9, 'ida@example.com');
            INSERT INTO teams VALUES (1, 'core'), (2, 'web');
            INSERT INTO team_members VALUES (1, 7), (2, 9), (2, 5);
            INSERT INTO projects VALUES (1, 'billing', 1, NULL), (2, 'search', 2, NULL), (3, 'ledger', 1, 1), (4, 'site', 5, 2);
            CREATE VIEW user_project_access AS
                SELECT owner_id AS user_id, id AS project_id FROM projects WHERE owner_id IS NOT NULL
                UNION
                SELECT m.user_id, p.id FROM projects p JOIN team_members m ON m.team_id = p.team_id;
            """;
        const string contract = """
            -- The "My projects" page.
            -- expect: same-rows
            SELECT u.id AS user_id, p.id AS project_id
            FROM users u
            JOIN user_project_access a ON a.user_id = u.id
            JOIN projects p ON p.id = a.project_id
            ORDER BY 1, 2;
            """;
        const string migration = """
            CREATE TABLE project_members (project_id integer NOT NULL, user_id integer NOT NULL);
            INSERT INTO project_members (project_id, user_id) SELECT id, owner_id FROM projects WHERE owner_id IS NOT NULL;
            DROP VIEW user_project_access;
            CREATE VIEW user_project_access AS SELECT user_id, project_id FROM project_members;
            ALTER TABLE projects DROP COLUMN owner_id;
            """;

        var runs = await RehearseAsync(setup, contract, migration);

        Assert.Equal(
            ["same-rows: 2 row(s) missing after the migration: (user_id=7, project_id=3), (user_id=9, project_id=4)"],
            runs.Result.Failures);
        Assert.Equal(6, runs.Result.RowsBefore);
        Assert.Equal(4, runs.Result.RowsAfter);
    }

    [Fact]
    public async Task Same_rows_names_rows_that_appeared_five_at_most()
    {
        var runs = await RehearseAsync(
            "CREATE TABLE users (id integer PRIMARY KEY, email text); INSERT INTO users VALUES (1, 'u1'), (2, NULL);",
            "-- expect: same-rows\nSELECT id, email FROM users ORDER BY id",
            "INSERT INTO users VALUES (3, 'u3'), (4, 'u''4'), (5, NULL), (6, 'u6'), (7, 'u7'), (8, 'u8'), (9, 'u9');");

        Assert.Equal(
            ["same-rows: 7 row(s) appeared after the migration: (id=3, email='u3'), (id=4, email='u''4'), (id=5, email=NULL), (id=6, email='u6'), (id=7, email='u7') and 2 more"],
            runs.Result.Failures);
    }

    [Fact]
    public async Task Same_rows_passes_when_the_migration_keeps_the_rows()
    {
        var runs = await RehearseAsync(Users, "-- expect: same-rows\nSELECT id, email FROM users ORDER BY id",
            "ALTER TABLE users ADD COLUMN name text; UPDATE users SET name = 'x';");
        Assert.True(runs.Result.Passed, string.Join("\n", runs.Result.Failures));
        Assert.Empty(runs.Result.Failures);
    }

    [Fact]
    public async Task Without_order_by_same_rows_ignores_the_order_rows_come_in()
    {
        var runs = await RehearseAsync(
            "CREATE TABLE tasks (name text, priority integer); INSERT INTO tasks VALUES ('a', 1), ('b', 2), ('c', 3), ('a', 1);",
            "-- expect: same-rows\nSELECT name, priority FROM tasks",
            "DELETE FROM tasks; INSERT INTO tasks VALUES ('c', 3), ('a', 1), ('b', 2), ('a', 1);");

        Assert.Empty(runs.Result.Failures);
        Assert.NotEqual(runs.Before.Rows[0], runs.After.Rows[0]);
        Assert.Equal(runs.Before.RowsDigest, runs.After.RowsDigest);
        Assert.NotEqual(runs.Before.OrderedRowsDigest, runs.After.OrderedRowsDigest);
    }

    [Fact]
    public async Task Without_order_by_same_rows_still_counts_duplicates()
    {
        var runs = await RehearseAsync(
            "CREATE TABLE tasks (name text); INSERT INTO tasks VALUES ('a'), ('a'), ('b');",
            "-- expect: same-rows\nSELECT name FROM tasks",
            "DELETE FROM tasks; INSERT INTO tasks VALUES ('a'), ('b'), ('b');");

        Assert.Equal(
            ["same-rows: 1 row(s) missing after the migration: (name='a')", "same-rows: 1 row(s) appeared after the migration: (name='b')"],
            runs.Result.Failures);
    }

    [Fact]
    public async Task With_order_by_same_rows_reports_the_first_row_out_of_order()
    {
        var runs = await RehearseAsync(
            "CREATE TABLE tasks (name text, priority integer); INSERT INTO tasks VALUES ('a', 1), ('b', 2), ('c', 3);",
            "-- expect: same-rows\nSELECT name FROM tasks ORDER BY priority",
            "UPDATE tasks SET priority = 10 - priority;");

        Assert.Equal(
            ["same-rows: the same rows in a different order (the query has ORDER BY): row 1 was (name='a'), now (name='c')"],
            runs.Result.Failures);
    }

    [Fact]
    public async Task Same_rows_reports_renamed_columns()
    {
        var runs = await RehearseAsync(
            "CREATE TABLE tasks (name text, priority integer); INSERT INTO tasks VALUES ('a', 1);",
            "-- expect: same-rows\nSELECT * FROM tasks",
            "ALTER TABLE tasks RENAME COLUMN priority TO position;");

        Assert.Equal(["same-rows: columns changed: (name, priority) → (name, position)"], runs.Result.Failures);
    }

    [Fact]
    public async Task Not_null_counts_the_nulls_of_each_column_after_the_migration()
    {
        var contract = "-- expect: not-null email, ID\nSELECT id, email FROM users";

        var passing = await RehearseAsync(Users, contract, "UPDATE users SET email = upper(email);");
        Assert.Empty(passing.Result.Failures);

        var failing = await RehearseAsync(Users, contract, "UPDATE users SET email = NULL WHERE id <= 3;");
        Assert.Equal(["not-null email: 3 row(s) have NULL"], failing.Result.Failures);
        Assert.Equal([0L, 3L], failing.After.NullCounts);
    }

    [Fact]
    public async Task Not_null_on_a_column_the_result_lacks_names_the_columns_it_has()
    {
        var runs = await RehearseAsync(Users, "-- expect: not-null mail\nSELECT id, email FROM users", "SELECT 1;");
        Assert.Equal(["not-null mail: no column mail in the result (columns: id, email)"], runs.Result.Failures);
    }

    [Fact]
    public async Task Max_slowdown_fails_with_both_medians_and_the_ratio()
    {
        // The same query reads a view the migration makes expensive: a slowdown of hundreds of
        // times, far beyond both the factor and the 1 ms floor, on any machine.
        const string slow = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300000) SELECT count(*) AS x FROM c";
        var runs = await RehearseAsync(
            "CREATE VIEW dashboard AS SELECT 1 AS x;",
            "-- expect: max-slowdown 2x\nSELECT x FROM dashboard",
            $"DROP VIEW dashboard; CREATE VIEW dashboard AS {slow};");

        var failure = Assert.Single(runs.Result.Failures);
        Assert.Matches(@"^max-slowdown 2x: [0-9.]+ ms → [0-9.]+ ms \([0-9.]+x\)$", failure);
        Assert.True(runs.Result.MedianAfter > runs.Result.MedianBefore * 2);
    }

    [Fact]
    public async Task A_slowdown_without_max_slowdown_is_a_note()
    {
        const string slow = "WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 300000) SELECT count(*) AS x FROM c";
        var runs = await RehearseAsync("CREATE VIEW dashboard AS SELECT 1 AS x;", "SELECT x FROM dashboard",
            $"DROP VIEW dashboard; CREATE VIEW dashboard AS {slow};");

        Assert.True(runs.Result.Passed);
        Assert.Contains(runs.Result.Notes, n => n.StartsWith("slower: ", StringComparison.Ordinal) && n.Contains("max-slowdown", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_query_that_stops_running_after_a_column_is_dropped_fails_with_the_database_error()
    {
        var runs = await RehearseAsync(
            "CREATE TABLE users (id integer PRIMARY KEY, legacy_code text); INSERT INTO users VALUES (1, 'x');",
            "-- expect: rows >= 1; same-rows\nSELECT id, legacy_code FROM users",
            "ALTER TABLE users DROP COLUMN legacy_code;");

        Assert.True(runs.Before.Ran);
        Assert.False(runs.After.Ran);
        var failure = Assert.Single(runs.Result.Failures);
        Assert.StartsWith("no longer runs: ", failure, StringComparison.Ordinal);
        Assert.Contains("legacy_code", failure, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure);
        Assert.Equal(1, runs.Result.RowsBefore);
        Assert.Null(runs.Result.RowsAfter);
        Assert.Null(runs.Result.MedianAfter);
    }

    [Fact]
    public async Task A_query_only_the_migration_makes_possible_is_checked_after_it()
    {
        const string migration = "CREATE TABLE audit_events (id integer); INSERT INTO audit_events VALUES (1);";

        var runs = await RehearseAsync("SELECT 1;", "-- expect: rows >= 1\nSELECT id FROM audit_events", migration);
        Assert.Empty(runs.Result.Failures);
        Assert.StartsWith("did not run before the migration: ", Assert.Single(runs.Result.Notes), StringComparison.Ordinal);

        var comparing = await RehearseAsync("SELECT 1;", "-- expect: same-rows\nSELECT id FROM audit_events", migration);
        Assert.StartsWith("same-rows: cannot be checked, the query did not run before the migration: ",
            Assert.Single(comparing.Result.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_query_that_runs_neither_before_nor_after_says_so()
    {
        var runs = await RehearseAsync("SELECT 1;", "-- expect: rows >= 1\nSELECT id FROM nowhere", "SELECT 1;");
        Assert.StartsWith("does not run, before or after the migration: ", Assert.Single(runs.Result.Failures), StringComparison.Ordinal);
        Assert.Null(runs.Result.RowsBefore);
    }

    [Fact]
    public async Task A_run_keeps_columns_normalised_rows_and_the_median_of_its_timed_runs()
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, Users + "CREATE TABLE prices (id integer, amount numeric(10, 2)); INSERT INTO prices VALUES (1, 1.50), (2, NULL);");
        var query = ContractFolder.Parse("contracts/prices.sql", "SELECT id, amount FROM prices ORDER BY id", Dialect);

        var run = await ContractRunner.RunAsync(connection, Provider, query, timedRuns: 4, CancellationToken.None);

        Assert.Equal("prices", run.Query.Name);
        Assert.Equal(["id", "amount"], run.Columns);
        Assert.Equal<IReadOnlyList<string?>[]>([["1", "1.5"], ["2", null]], run.Rows.ToArray());
        Assert.Equal(2, run.RowCount);
        Assert.True(run.HasAllRows);
        Assert.Equal(4, run.Durations.Count);
        Assert.InRange(run.MedianDuration!.Value, run.Durations.Min(), run.Durations.Max());
        Assert.Matches("^[0-9a-f]{64}$", run.RowsDigest);
        Assert.Equal(Dialect == SqlDialect.Postgres, run.Plan.Count > 0);
    }

    [Fact]
    public async Task Beyond_the_row_bound_same_rows_and_not_null_stay_exact()
    {
        const string setup = """
            CREATE TABLE n (i integer, v text, k integer);
            INSERT INTO n VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3), (4, 'd', 4), (5, 'e', 5), (6, 'f', 6), (7, 'g', 7), (8, 'h', 8), (9, NULL, 9), (10, 'j', 10);
            """;
        const string contract = "-- expect: same-rows; not-null v\nSELECT i, v FROM n ORDER BY k";

        var unchanged = await RehearseAsync(setup, contract, "SELECT 1;", maxKeptRows: 3);
        Assert.Equal(3, unchanged.Before.Rows.Count);
        Assert.Equal(10, unchanged.Before.RowCount);
        Assert.False(unchanged.Before.HasAllRows);
        Assert.Equal(["not-null v: 1 row(s) have NULL"], unchanged.Result.Failures);

        var changed = await RehearseAsync(setup, contract, "UPDATE n SET v = 'changed' WHERE i = 9;", maxKeptRows: 3);
        Assert.Equal(
            ["same-rows: the rows differ (10 rows before, 10 rows after); results over 3 rows are compared by digest, so the rows cannot be named"],
            changed.Result.Failures);

        var reordered = await RehearseAsync(setup, contract, "UPDATE n SET k = -k;", maxKeptRows: 3);
        Assert.Equal("same-rows: the same rows in a different order (the query has ORDER BY); results over 3 rows are compared by digest, so the first difference cannot be named",
            reordered.Result.Failures[0]);
    }
}

public sealed class SqliteContractTests : ContractSpecification
{
    private protected override SqlDialect Dialect => SqlDialect.Sqlite;

    private protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new SqliteConnection(SqliteFiles.NewDatabase());
        await connection.OpenAsync();
        return connection;
    }
}

public sealed class PostgresContractTests : ContractSpecification
{
    private protected override SqlDialect Dialect => SqlDialect.Postgres;

    private protected override async Task<DbConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(await PostgresServer.CreateDatabaseAsync());
        await connection.OpenAsync();
        return connection;
    }

    [Fact]
    public async Task A_new_seq_scan_after_an_index_is_dropped_is_noted_but_not_a_failure()
    {
        const string setup = """
            CREATE TABLE items (id integer PRIMARY KEY, code text NOT NULL, payload text);
            INSERT INTO items SELECT g, 'c' || g, repeat('x', 50) FROM generate_series(1, 20000) g;
            CREATE INDEX items_code ON items (code);
            ANALYZE items;
            """;

        var runs = await RehearseAsync(setup, "-- expect: same-rows\nSELECT id, payload FROM items WHERE code = 'c123'",
            "DROP INDEX items_code; ANALYZE items;");

        Assert.Empty(runs.Result.Failures);
        Assert.Contains(runs.Before.Plan, n => n.Relation == "items" && n.NodeType != "Seq Scan");
        Assert.Contains(new QueryPlanNode("Seq Scan", "items"), runs.After.Plan);
        Assert.Contains(runs.Result.Notes, n => n.StartsWith("plan: new Seq Scan on items (before: ", StringComparison.Ordinal)
            && n.Contains("Scan on items)", StringComparison.Ordinal));
        Assert.Contains(runs.Result.Notes, n => n.StartsWith("plan changed: ", StringComparison.Ordinal) && n.EndsWith("Seq Scan on items", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_same_plan_gives_no_note()
    {
        var runs = await RehearseAsync("CREATE TABLE t (id integer PRIMARY KEY); ANALYZE t;", "SELECT id FROM t WHERE id = 1", "CREATE TABLE u (id integer);");
        // A timing note is about the clock, which other tests on the machine move; this test is about the plans.
        Assert.DoesNotContain(runs.Result.Notes, n => !n.StartsWith("slower: ", StringComparison.Ordinal));
        Assert.NotEmpty(runs.Before.Plan);
    }

    [Fact]
    public async Task Contracts_run_read_only_so_a_function_with_side_effects_cannot_change_the_copy()
    {
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, "CREATE SEQUENCE s;");
        var query = ContractFolder.Parse("contracts/c.sql", "SELECT nextval('s') AS n", Dialect);

        var run = await ContractRunner.RunAsync(connection, Provider, query, timedRuns: 1, CancellationToken.None);

        Assert.False(run.Ran);
        Assert.Contains("read-only", run.Error, StringComparison.Ordinal);
        // The connection is usable afterwards: the aborted transaction was rolled back.
        await ExecuteAsync(connection, "SELECT 1;");
    }
}
