using Cutover.Checking;
using Cutover.Checking.Lint;
using Cutover.Files;
using Cutover.Sql;

namespace Cutover.Tests.Checking;

/// <summary>
/// The engine's own rules reach the linter through <see cref="IEngineLint"/> alone: a lint written here against the
/// public API runs beside the common rules, its findings carry file and line, and its allows are honoured.
/// </summary>
public sealed class EngineLintSeamTests
{
    /// <summary>A made-up engine that cannot VACUUM inside a migration.</summary>
    private sealed class NoVacuumLint : IEngineLint
    {
        public static readonly LintRule NoVacuum = new("example-no-vacuum", Severity.Error, "the example engine locks everything while it vacuums", "vacuum from cron");

        public IReadOnlyList<LintRule> Rules => [NoVacuum];

        public void Check(LintStatement statement, LintState state, LintReport report)
        {
            if (statement.StartsWith("VACUUM"))
                report(NoVacuum, statement.Line, $"{statement.TextOf(0, statement.Count)} in a migration");
        }
    }

    private static IReadOnlyList<CheckFinding> Lint(string sql, LintOptions options) =>
        MigrationLinter.Lint([MigrationFileParser.Parse("/m/20260101000001_vacuum.sql", sql, SqlDialect.Sqlite)], options);

    [Fact]
    public void An_engine_lint_written_against_the_public_api_reports_beside_the_common_rules()
    {
        var findings = Lint("""
            -- cutover:up
            UPDATE t SET v = 0 WHERE v IS NULL;

            VACUUM t;
            DELETE FROM t;
            -- cutover:irreversible the rows are gone
            """, new LintOptions(SqlDialect.Sqlite, new NoVacuumLint()));

        var vacuum = Assert.Single(findings, f => f.RuleId == "example-no-vacuum");
        Assert.Equal(("/m/20260101000001_vacuum.sql", 4, "VACUUM t in a migration", Severity.Error), (vacuum.File, vacuum.Line, vacuum.Message, vacuum.Severity));
        Assert.Equal("vacuum from cron", vacuum.Fix);
        Assert.Contains(findings, f => f.RuleId == LintRules.WholeTableChange.Id && f.Line == 5);
    }

    [Fact]
    public void An_allow_names_an_engine_rule_by_its_id()
    {
        var findings = Lint("""
            -- cutover:up
            -- cutover:allow example-no-vacuum the table is new and empty
            VACUUM t;
            -- cutover:down
            SELECT 1;
            """, new LintOptions(SqlDialect.Sqlite, new NoVacuumLint()));

        var vacuum = Assert.Single(findings);
        Assert.Equal("the table is new and empty", vacuum.SuppressedBecause);
        Assert.False(vacuum.Active);
    }

    [Fact]
    public void An_allow_for_another_engines_rule_is_unused_here_and_an_allow_for_no_rule_at_all_is_a_typo()
    {
        const string sql = """
            -- cutover:up
            -- cutover:allow pg-index-not-concurrent built before traffic
            CREATE INDEX t_id ON t (id);
            -- cutover:allow pg-index-not-concurent built before traffic
            CREATE INDEX t_id2 ON t (id);
            -- cutover:down
            DROP INDEX t_id2;
            DROP INDEX t_id;
            """;

        var findings = Lint(sql, ProviderFactory.LintFor(SqlDialect.Sqlite));

        Assert.Equal([("allow-unused", 2), ("allow-unknown-rule", 4)], findings.Select(f => (f.RuleId, f.Line)));
        // Without the other engines' ids, the first allow would be taken for a typo too.
        Assert.Equal(2, Lint(sql, new LintOptions(SqlDialect.Sqlite, new NoVacuumLint())).Count(f => f.RuleId == "allow-unknown-rule"));
    }
}
