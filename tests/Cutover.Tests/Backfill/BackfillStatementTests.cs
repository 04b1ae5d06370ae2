using Cutover.Backfill;
using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Tests.Backfill;

/// <summary>What a SQL backfill step may hold (<see cref="BackfillStatement.Check"/>): one data change with the {batch} placeholder.</summary>
public sealed class BackfillStatementTests
{
    private static Directive Step(string? code = null) => new(5, StepKind.Backfill, null, new BackfillSpec("users", null, null, null, code));

    private static CutoverException Refused(Directive directive, params SqlStatement[] statements)
    {
        var error = Assert.ThrowsAny<CutoverException>(() => BackfillStatement.Check("m.sql", directive, statements, SqlDialect.Postgres));
        Assert.Equal(ExitCode.BadInput, error.ExitCode);
        return error;
    }

    [Theory]
    [InlineData("UPDATE users SET role = 'member' WHERE role IS NULL AND {batch}")]
    [InlineData("update users u SET role = 'member' FROM teams t WHERE t.id = u.team_id AND {batch:u}")]
    [InlineData("INSERT INTO archive SELECT * FROM users WHERE {batch}")]
    [InlineData("delete FROM users WHERE deleted AND {batch}")]
    [InlineData("WITH d AS (SELECT 1) UPDATE users SET v = 1 WHERE {batch}")]
    public void One_update_insert_delete_or_with_statement_holding_the_placeholder_is_accepted(string sql) =>
        BackfillStatement.Check("m.sql", Step(), [new SqlStatement(sql, 6)], SqlDialect.Postgres);

    [Fact]
    public void A_code_backfill_step_holds_no_sql()
    {
        BackfillStatement.Check("m.sql", Step("Reshape"), [], SqlDialect.Postgres);

        var error = Refused(Step("Reshape"), new SqlStatement("UPDATE users SET v = 1 WHERE {batch}", 7));

        Assert.Equal("m.sql:7: SQL under a backfill step with code=Reshape, which computes its values in C#", error.Message);
        Assert.Equal("remove the SQL, or remove code= to run the SQL instead", error.Hint);
    }

    [Fact]
    public void An_empty_sql_backfill_step_is_refused_at_its_directive()
    {
        var error = Refused(Step());

        Assert.Equal("m.sql:5: empty backfill step", error.Message);
        Assert.Equal("write one UPDATE, INSERT … SELECT or DELETE with {batch} in its WHERE clause, e.g. UPDATE users SET role = 'member' WHERE role IS NULL AND {batch};", error.Hint);
    }

    [Fact]
    public void A_second_statement_is_refused_at_its_line()
    {
        var error = Refused(Step(), new SqlStatement("UPDATE users SET v = 1 WHERE {batch}", 6), new SqlStatement("UPDATE users SET w = 1 WHERE {batch}", 8));

        Assert.Equal("m.sql:8: a backfill step holds one statement; this is a second", error.Message);
        Assert.Equal("put each data change in its own -- cutover:backfill step, or the DDL in an up step", error.Hint);
    }

    [Theory]
    [InlineData("SELECT * FROM users WHERE {batch}", "SELECT")]
    [InlineData("ALTER TABLE users ADD v int -- {batch}", "ALTER")]
    [InlineData("-- only a comment {batch}", "empty")]
    [InlineData("'{batch}'", "empty")]
    public void A_statement_that_is_not_a_data_change_is_refused_naming_its_verb(string sql, string verb)
    {
        var error = Refused(Step(), new SqlStatement(sql, 6));

        Assert.Equal($"m.sql:6: a backfill statement must be an UPDATE, INSERT … SELECT or DELETE, not {verb}", error.Message);
        Assert.Equal("move other statements into an up step", error.Hint);
    }

    [Theory]
    [InlineData("UPDATE users SET v = 1")]
    [InlineData("UPDATE users SET v = 1 WHERE {batch:}")]
    [InlineData("UPDATE users SET v = 1 WHERE {Batch}")]
    public void A_statement_without_the_placeholder_is_refused(string sql)
    {
        var error = Refused(Step(), new SqlStatement(sql, 6));

        Assert.Equal("m.sql:6: the backfill statement has no {batch} placeholder", error.Message);
        Assert.Equal("add AND {batch} to its WHERE clause: each batch replaces it with its key range", error.Hint);
    }

    [Theory]
    [InlineData(SqlDialect.Postgres, "UPDATE t SET note = '{batch}' /* {batch} */ WHERE {batch:t} -- {batch}", "UPDATE t SET note = '{batch}' /* {batch} */ WHERE (t.range) -- {batch}")]
    [InlineData(SqlDialect.Postgres, "UPDATE t SET note = $x${batch}$x$, \"{batch}\" = 1 WHERE {batch}", "UPDATE t SET note = $x${batch}$x$, \"{batch}\" = 1 WHERE (range)")]
    [InlineData(SqlDialect.Sqlite, "UPDATE t SET note = '{batch}', [{batch}] = 1 WHERE {batch}", "UPDATE t SET note = '{batch}', [{batch}] = 1 WHERE (range)")]
    public void Only_the_placeholder_in_the_sql_itself_is_replaced(SqlDialect dialect, string statement, string expected)
    {
        BackfillStatement.Check("m.sql", Step(), [new SqlStatement(statement, 6)], dialect);

        Assert.Equal(expected, BackfillStatement.Substitute(statement, dialect, alias => alias is null ? "(range)" : $"({alias}.range)"));
    }
}
