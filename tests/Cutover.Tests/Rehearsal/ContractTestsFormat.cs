using Cutover.Rehearsal.Contracts;
using Cutover.Sql;
using Cutover.Tests.Files;

namespace Cutover.Tests.Rehearsal;

/// <summary>The contract file format: one query, <c>-- expect:</c> header lines, and the errors for everything else.</summary>
public sealed class ContractFileFormatTests
{
    private static ContractQuery Parse(string text, SqlDialect dialect = SqlDialect.Sqlite) =>
        ContractFolder.Parse("contracts/c.sql", text, dialect);

    private static CutoverException BadInput(string text, SqlDialect dialect = SqlDialect.Sqlite)
    {
        var error = Assert.ThrowsAny<CutoverException>(() => Parse(text, dialect));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        return error;
    }

    [Fact]
    public async Task A_missing_folder_has_no_contracts()
    {
        var contracts = await ContractFolder.LoadAsync(Path.Combine(Path.GetTempPath(), "no-such-" + Guid.NewGuid().ToString("N")), SqlDialect.Sqlite, CancellationToken.None);
        Assert.Empty(contracts);
    }

    [Fact]
    public async Task Files_load_sorted_by_name_with_their_expectations_and_other_files_are_ignored()
    {
        using var folder = new TempFolder();
        folder.Write("b_orders.sql", "SELECT id FROM orders;\n");
        folder.Write("a_users.sql", """
            -- The admin users page.
            -- expect: rows >= 1; same-rows
            -- owner: admin squad
            -- expect: not-null email, "Display Name"
            --   expect: max-slowdown 1.5x
            SELECT id, email, name AS "Display Name"
            FROM users
            ORDER BY id;
            """);
        folder.Write("notes.txt", "not a contract");
        Directory.CreateDirectory(Path.Combine(folder.Path, "old"));
        folder.Write(Path.Combine("old", "z.sql"), "DELETE FROM users");

        var contracts = await ContractFolder.LoadAsync(folder.Path, SqlDialect.Sqlite, CancellationToken.None);

        Assert.Equal(["a_users", "b_orders"], contracts.Select(c => c.Name));
        var users = contracts[0];
        Assert.Equal(6, users.Line);
        Assert.StartsWith("SELECT id, email", users.Sql, StringComparison.Ordinal);
        Assert.EndsWith("ORDER BY id", users.Sql, StringComparison.Ordinal);
        Assert.True(users.IsOrdered);
        Assert.Collection(users.Expectations,
            e => Assert.Equal(new RowCountExpectation(2, RowCountOperator.GreaterOrEqual, 1), e),
            e => Assert.Equal(new SameRowsExpectation(2), e),
            e => Assert.Equal(["email", "Display Name"], Assert.IsType<NotNullExpectation>(e).Columns),
            e => Assert.Equal(new MaxSlowdownExpectation(5, 1.5m), e));
        Assert.Equal("not-null email, Display Name", users.Expectations[2].Text);
        Assert.Equal("max-slowdown 1.5x", users.Expectations[3].Text);
        Assert.Empty(contracts[1].Expectations);
        Assert.False(contracts[1].IsOrdered);
    }

    [Theory]
    [InlineData("rows >= 2", RowCountOperator.GreaterOrEqual, 2)]
    [InlineData("rows>0", RowCountOperator.Greater, 0)]
    [InlineData("ROWS = 10", RowCountOperator.Equal, 10)]
    [InlineData("rows <= 1000", RowCountOperator.LessOrEqual, 1000)]
    [InlineData("rows < 5", RowCountOperator.Less, 5)]
    public void Every_row_count_operator_is_read(string expectation, RowCountOperator op, long count)
    {
        var query = Parse($"-- expect: {expectation}\nSELECT 1");
        Assert.Equal(new RowCountExpectation(1, op, count), Assert.Single(query.Expectations));
    }

    [Theory]
    [InlineData("rowz >= 1", "unknown expectation 'rowz >= 1'")]
    [InlineData("rows >= many", "malformed expectation 'rows >= many'")]
    [InlineData("rows => 1", "malformed expectation 'rows => 1'")]
    [InlineData("rows >= -1", "malformed expectation 'rows >= -1'")]
    [InlineData("same-rows please", "malformed expectation 'same-rows please'")]
    [InlineData("not-null", "malformed expectation 'not-null'")]
    [InlineData("not-null email name", "'email name' is not a column name")]
    [InlineData("not-null email,", "'' is not a column name")]
    [InlineData("max-slowdown 2", "malformed expectation 'max-slowdown 2'")]
    [InlineData("max-slowdown twice", "malformed expectation 'max-slowdown twice'")]
    [InlineData("max-slowdown 0.5x", "the factor must be at least 1")]
    [InlineData("", "empty '-- expect:' line")]
    [InlineData("same-rows; fast", "unknown expectation 'fast'")]
    public void A_malformed_expectation_is_bad_input_naming_the_file_line_and_the_valid_forms(string expectation, string problem)
    {
        var error = BadInput($"-- the users page\n-- expect: {expectation}\nSELECT id FROM users");

        Assert.StartsWith("contracts/c.sql:2: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
        Assert.Contains("valid forms: rows >= N (also >, =, <=, <), same-rows, not-null col1, col2, max-slowdown 2x", error.Hint, StringComparison.Ordinal);
    }

    [Fact]
    public void A_second_statement_is_bad_input_at_its_line()
    {
        var error = BadInput("-- expect: same-rows\nSELECT 1;\nSELECT 2;\n");
        Assert.StartsWith("contracts/c.sql:3: a second statement", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("UPDATE users SET name = 'x'", SqlDialect.Sqlite, "'UPDATE' is not a query")]
    [InlineData("DELETE FROM users", SqlDialect.Postgres, "'DELETE' is not a query")]
    [InlineData("CREATE TABLE t (id int)", SqlDialect.Sqlite, "'CREATE' is not a query")]
    [InlineData("WITH d AS (DELETE FROM users RETURNING id) SELECT * FROM d", SqlDialect.Postgres, "data-modifying DELETE")]
    [InlineData("WITH ids AS (SELECT id FROM users) DELETE FROM users WHERE id IN (SELECT id FROM ids)", SqlDialect.Sqlite, "WITH introduces 'DELETE'")]
    public void A_statement_that_is_not_a_query_is_bad_input_at_its_line(string sql, SqlDialect dialect, string problem)
    {
        var error = BadInput($"-- expect: rows >= 1\n\n{sql}", dialect);
        Assert.StartsWith("contracts/c.sql:3: not a query: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_without_a_query_is_bad_input()
    {
        Assert.StartsWith("contracts/c.sql:1: no query", BadInput("-- expect: rows >= 1\n-- nothing else\n").Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_expectation_below_the_start_of_the_query_is_bad_input()
    {
        var error = BadInput("SELECT id\nFROM users\n-- expect: rows >= 1\n");
        Assert.StartsWith("contracts/c.sql:3: '-- expect:' after the query has started", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_same_rows_or_max_slowdown_is_bad_input_but_row_counts_may_make_a_range()
    {
        Assert.StartsWith("contracts/c.sql:3: a second 'same-rows'",
            BadInput("-- expect: same-rows\n-- expect: rows >= 1\n-- expect: same-rows\nSELECT 1").Message, StringComparison.Ordinal);
        Assert.StartsWith("contracts/c.sql:2: a second 'max-slowdown 3x'",
            BadInput("-- expect: max-slowdown 2x\n-- expect: max-slowdown 3x\nSELECT 1").Message, StringComparison.Ordinal);
        Assert.Equal(2, Parse("-- expect: rows >= 1; rows < 100\nSELECT 1").Expectations.Count);
    }

    [Fact]
    public void Expect_inside_a_string_or_a_block_comment_is_not_an_expectation()
    {
        var query = Parse("/* expect: anything */\nSELECT '-- expect: nonsense' AS x");
        Assert.Empty(query.Expectations);
    }

    [Theory]
    [InlineData("SELECT id FROM users ORDER BY id", true)]
    [InlineData("WITH recent AS (SELECT id FROM users ORDER BY id DESC LIMIT 5) SELECT id FROM recent", false)]
    [InlineData("SELECT id, row_number() OVER (ORDER BY id) FROM users", false)]
    [InlineData("SELECT id FROM (SELECT id FROM users ORDER BY id) u", false)]
    [InlineData("WITH u AS (SELECT id FROM users) SELECT id FROM u ORDER BY 1", true)]
    [InlineData("SELECT 'ORDER BY' AS x", false)]
    public void Only_a_top_level_order_by_makes_row_order_part_of_the_contract(string sql, bool ordered)
    {
        Assert.Equal(ordered, Parse(sql).IsOrdered);
        Assert.Equal(ordered, Parse(sql, SqlDialect.Postgres).IsOrdered);
    }

    [Fact]
    public async Task A_file_that_is_not_utf8_is_bad_input()
    {
        using var folder = new TempFolder();
        await File.WriteAllBytesAsync(Path.Combine(folder.Path, "latin1.sql"), [.. "SELECT 'caf"u8, 0xE9, .. "'"u8]);
        var error = await Assert.ThrowsAnyAsync<CutoverException>(() => ContractFolder.LoadAsync(folder.Path, SqlDialect.Sqlite, CancellationToken.None));
        Assert.EndsWith("latin1.sql:1: the file is not valid UTF-8", error.Message, StringComparison.Ordinal);
    }
}
