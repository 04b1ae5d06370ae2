using Cutover.Checking;
using Cutover.Checking.Lint;
using Cutover.Files;
using Cutover.Sql;
using static Cutover.Tests.Checking.LintRuleExamplesTests;

namespace Cutover.Tests.Checking;

/// <summary>What the examples in docs/lint.md do not show: lines, allows, versions, and what earlier migrations establish.</summary>
public sealed class LintBehaviourTests
{
    [Fact]
    public void A_finding_names_the_line_of_the_statement_and_the_table()
    {
        var findings = Lint("""
            -- why: faster lookups
            -- cutover:up
            ALTER TABLE users ADD COLUMN nickname text;

            CREATE INDEX users_nickname
                ON users (nickname);
            -- cutover:down
            DROP INDEX users_nickname;
            ALTER TABLE users DROP COLUMN nickname;
            """, SqlDialect.Postgres);

        var finding = Assert.Single(findings, f => f.RuleId == "pg-index-not-concurrent");
        Assert.Equal(5, finding.Line);
        Assert.Contains("users", finding.Message, StringComparison.Ordinal);
        Assert.Contains("SHARE lock", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_finding_is_kept_with_its_reason_and_no_longer_counts()
    {
        var findings = Lint("""
            -- cutover:up
            ALTER TABLE users ADD COLUMN nickname text;
            -- cutover:allow pg-index-not-concurrent users has 200 rows and is written once a day
            CREATE INDEX users_nickname ON users (nickname);
            -- cutover:down
            DROP INDEX users_nickname;
            ALTER TABLE users DROP COLUMN nickname;
            """, SqlDialect.Postgres);

        var allowed = Assert.Single(findings, f => f.RuleId == "pg-index-not-concurrent");
        Assert.False(allowed.Active);
        Assert.Equal("users has 200 rows and is written once a day", allowed.SuppressedBecause);
        var report = new CheckReport(findings, 1, 3, 0, 0, 0);
        Assert.Equal(1, report.Allowed);
        Assert.DoesNotContain(findings, f => f.Active && f.RuleId == "pg-index-not-concurrent");
    }

    [Fact]
    public void One_allow_names_several_rules_separated_by_commas_each_checked_as_if_alone()
    {
        var findings = Lint("""
            -- cutover:up
            -- cutover:allow drop-column,drop-table legacy data archived to cold storage in release 41
            ALTER TABLE users DROP COLUMN legacy_code;
            -- cutover:allow drop-table,drop-colum,pg-prefer-text legacy tables archived
            DROP TABLE legacy_orders;
            -- cutover:allow drop-table, drop-column archived
            DROP TABLE legacy_items;
            -- cutover:allow drop-table,drop-column
            DROP TABLE legacy_carts;
            -- cutover:irreversible the values are gone
            """, SqlDialect.Postgres);

        var listed = string.Join("\n", findings.Select(f => $"{f.Line}: {f.RuleId}: {f.Active}: {f.Message}"));
        // Line 2: drop-column is allowed, drop-table matches nothing on its statement.
        var dropColumn = Assert.Single(findings, f => f.RuleId == "drop-column");
        Assert.Equal("legacy data archived to cold storage in release 41", dropColumn.SuppressedBecause);
        Assert.Contains(findings, f => f is { RuleId: "allow-unused", Line: 2 } && f.Message == "'-- cutover:allow drop-column,drop-table': drop-table matches no finding on the statement below it");
        // Line 4: the typo is unknown, the other engine's rule is unused here, and drop-table is still allowed.
        Assert.False(Assert.Single(findings, f => f is { RuleId: "drop-table", Line: 5 }).Active, listed);
        Assert.Contains(findings, f => f is { RuleId: "allow-unknown-rule", Line: 4 } && f.Message == "'-- cutover:allow drop-table,drop-colum,pg-prefer-text': drop-colum: no rule has this id");
        Assert.Contains(findings, f => f is { RuleId: "allow-unused", Line: 4 } && f.Message.EndsWith("pg-prefer-text matches no finding on the statement below it", StringComparison.Ordinal));
        // Line 6: a space after the comma leaves an empty id, and the rest would be read as the reason.
        Assert.Contains(findings, f => f is { RuleId: "allow-unknown-rule", Line: 6 } && f.Message.Contains("write the list without spaces", StringComparison.Ordinal));
        // Line 8: no reason, for each rule named.
        Assert.Equal(2, findings.Count(f => f is { RuleId: "allow-without-reason", Line: 8 }));
        Assert.True(Assert.Single(findings, f => f is { RuleId: "drop-table", Line: 9 }).Active);

        // The example of docs/lint.md: both rules found on the statement are allowed, and nothing else is left.
        var documented = Lint("""
            -- cutover:up
            -- cutover:allow drop-column,pg-alter-column-type users has 300 rows; legacy_code copied to archive.users_legacy
            ALTER TABLE users DROP COLUMN legacy_code, ALTER COLUMN id TYPE bigint;
            -- cutover:irreversible the values are gone
            """, SqlDialect.Postgres);
        Assert.Equal(["drop-column", "pg-alter-column-type"], documented.Where(f => !f.Active).Select(f => f.RuleId).Order());
        Assert.DoesNotContain(documented, f => f.Active && f.Severity == Severity.Error);
    }

    [Fact]
    public void An_allow_line_is_a_comment_to_the_runner_not_a_step()
    {
        var file = MigrationFileParser.Parse("/m/20260101000000_x.sql", """
            -- cutover:up
            -- cutover:allow drop-table archived first
            DROP TABLE old_sessions;
            -- cutover:irreversible rows are gone
            """, SqlDialect.Sqlite);

        var step = Assert.Single(file.Steps);
        Assert.Equal(StepKind.Up, step.Kind);
        Assert.Single(step.Statements);
    }

    [Theory]
    [InlineData("3.40", true)]
    [InlineData("3.53.4", false)]
    public void SQLite_rules_follow_the_version_in_use(string version, bool refused)
    {
        var findings = Lint("""
            -- cutover:up
            ALTER TABLE users ADD CONSTRAINT users_age_positive CHECK (age > 0);
            -- cutover:down
            ALTER TABLE users DROP CONSTRAINT users_age_positive;
            """, SqlDialect.Sqlite, Version.Parse(version));

        Assert.Equal(refused ? 2 : 0, findings.Count(f => f.RuleId == "sqlite-alter-unsupported"));
    }

    [Fact]
    public void A_data_change_in_a_backfill_step_is_where_it_belongs_and_is_not_flagged()
    {
        var findings = Lint("""
            -- cutover:up
            ALTER TABLE users ADD COLUMN role text;
            -- cutover:backfill users
            UPDATE users SET role = 'member' WHERE role IS NULL AND {batch};
            -- cutover:down
            ALTER TABLE users DROP COLUMN role;
            """, SqlDialect.Postgres);

        Assert.DoesNotContain(findings, f => f.RuleId is "data-change-in-up" or "whole-table-change" or "pg-not-idempotent");
    }

    [Fact]
    public void Before_3_35_SQLite_refuses_every_drop_column()
    {
        var findings = Lint("""
            -- cutover:up
            CREATE TABLE tags (id INTEGER PRIMARY KEY, colour TEXT);
            ALTER TABLE tags DROP COLUMN colour;
            -- cutover:down
            DROP TABLE tags;
            """, SqlDialect.Sqlite, new Version(3, 34));

        Assert.Contains(findings, f => f.RuleId == "sqlite-alter-unsupported" && f.Message.Contains("3.35", StringComparison.Ordinal));
    }

    [Fact]
    public void A_check_validated_by_an_earlier_migration_makes_set_not_null_safe()
    {
        var first = MigrationFileParser.Parse("/m/20260101000001_check.sql", """
            -- cutover:up
            ALTER TABLE users ADD CONSTRAINT users_role_not_null CHECK (role IS NOT NULL) NOT VALID;
            -- cutover:up
            ALTER TABLE users VALIDATE CONSTRAINT users_role_not_null;
            -- cutover:down
            ALTER TABLE users DROP CONSTRAINT users_role_not_null;
            """, SqlDialect.Postgres);
        var second = MigrationFileParser.Parse("/m/20260101000002_not_null.sql", """
            -- cutover:up
            ALTER TABLE users ALTER COLUMN role SET NOT NULL;
            ALTER TABLE users ALTER COLUMN email SET NOT NULL;
            -- cutover:down
            ALTER TABLE users ALTER COLUMN role DROP NOT NULL;
            ALTER TABLE users ALTER COLUMN email DROP NOT NULL;
            """, SqlDialect.Postgres);

        var findings = MigrationLinter.Lint([second, first], ProviderFactory.LintFor(SqlDialect.Postgres));

        var finding = Assert.Single(findings, f => f.RuleId == "pg-set-not-null");
        Assert.Contains("users.email", finding.Message, StringComparison.Ordinal);
        Assert.Equal("/m/20260101000002_not_null.sql", finding.File);
    }

    [Fact]
    public void A_table_created_in_an_earlier_step_of_the_same_migration_is_exempt_from_locking_rules()
    {
        var findings = Lint("""
            -- cutover:up
            CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric);
            -- cutover:up
            ALTER TABLE invoices ADD CONSTRAINT invoices_total CHECK (total >= 0);
            ALTER TABLE invoices ALTER COLUMN total TYPE numeric(12,2);
            CREATE INDEX invoices_total_idx ON invoices (total);
            ALTER TABLE invoices RENAME COLUMN total TO amount;
            -- cutover:down
            DROP TABLE invoices;
            """, SqlDialect.Postgres);

        Assert.Empty(findings);
    }

    [Fact]
    public void A_migration_created_table_is_not_exempt_in_the_next_migration()
    {
        var first = MigrationFileParser.Parse("/m/20260101000001_a.sql", """
            -- cutover:up
            CREATE TABLE invoices (id bigint PRIMARY KEY, total numeric);
            -- cutover:down
            DROP TABLE invoices;
            """, SqlDialect.Postgres);
        var second = MigrationFileParser.Parse("/m/20260101000002_b.sql", """
            -- cutover:up
            CREATE INDEX invoices_total_idx ON invoices (total);
            -- cutover:down
            DROP INDEX invoices_total_idx;
            """, SqlDialect.Postgres);

        var findings = MigrationLinter.Lint([first, second], ProviderFactory.LintFor(SqlDialect.Postgres));

        Assert.Contains(findings, f => f.RuleId == "pg-index-not-concurrent" && f.File.EndsWith("_b.sql", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.RuleId == "pg-drop-index-not-concurrent" && f.File.EndsWith("_b.sql", StringComparison.Ordinal));
    }

    [Fact]
    public void The_down_incomplete_finding_sits_on_the_creating_statement_and_can_be_allowed_there()
    {
        var findings = Lint("""
            -- cutover:up
            CREATE TABLE audit (id bigint PRIMARY KEY);
            -- cutover:allow down-incomplete the view is shared with the reporting team and kept on purpose
            CREATE VIEW audit_count AS SELECT count(*) AS n FROM audit;
            -- cutover:down
            DROP TABLE audit CASCADE;
            """, SqlDialect.Postgres);

        var finding = Assert.Single(findings, f => f.RuleId == "down-incomplete");
        Assert.Equal(4, finding.Line);
        Assert.False(finding.Active);
    }

    [Fact]
    public void SQLite_drop_column_is_fine_once_the_index_on_it_is_gone_and_its_own_references_go_with_it()
    {
        var findings = Lint("""
            -- cutover:up
            ALTER TABLE users ADD COLUMN invited_by integer REFERENCES users (id);
            CREATE INDEX users_invited_by ON users (invited_by);
            -- cutover:down
            DROP INDEX users_invited_by;
            ALTER TABLE users DROP COLUMN invited_by;
            """, SqlDialect.Sqlite);
        var stillIndexed = Lint("""
            -- cutover:up
            ALTER TABLE users ADD COLUMN invited_by integer;
            CREATE INDEX users_invited_by ON users (invited_by) WHERE invited_by IS NOT NULL;
            -- cutover:down
            ALTER TABLE users DROP COLUMN invited_by;
            DROP INDEX users_invited_by;
            """, SqlDialect.Sqlite);

        Assert.DoesNotContain(findings, f => f.RuleId == "sqlite-drop-column");
        Assert.Contains(stillIndexed, f => f.RuleId == "sqlite-drop-column" && f.Line == 5);
    }
}
