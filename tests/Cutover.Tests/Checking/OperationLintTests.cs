using Cutover.Checking;
using Cutover.Files;
using Cutover.Operations;
using Cutover.Sql;
using static Cutover.Tests.Checking.LintRuleExamplesTests;

namespace Cutover.Tests.Checking;

/// <summary>
/// Lint and declared operations (docs/operations.md): the unsafe hand-written form of what an operation does on a live
/// table is reported with the directive to write instead, and operation lines themselves raise no finding.
/// </summary>
public sealed class OperationLintTests
{
    public static TheoryData<string, SqlDialect, string, string> HandWritten() => new()
    {
        { "rename-column", SqlDialect.Postgres, "ALTER TABLE users RENAME COLUMN name TO full_name;", "rename-column users.name to full_name" },
        { "rename-column", SqlDialect.Sqlite, "ALTER TABLE users RENAME COLUMN name TO full_name;", "rename-column users.name to full_name" },
        { "rename-column", SqlDialect.Postgres, "ALTER TABLE app.users RENAME name TO full_name;", "rename-column app.users.name to full_name" },
        { "pg-alter-column-type", SqlDialect.Postgres, "ALTER TABLE orders ALTER COLUMN total TYPE numeric(12,2) USING round(total, 2);",
            "alter-column orders.total type numeric(12,2) up \"round(total, 2)\" down \"<total as its old type>\"" },
        { "pg-alter-column-type", SqlDialect.Postgres, "ALTER TABLE orders ALTER COLUMN id TYPE bigint;",
            "alter-column orders.id type bigint up \"id::bigint\" down \"<id as its old type>\"" },
        { "sqlite-alter-unsupported", SqlDialect.Sqlite, "ALTER TABLE users ALTER COLUMN age TYPE integer;",
            "alter-column users.age type integer up \"CAST(age AS integer)\" down \"<age as its old type>\"" },
        { "pg-set-not-null", SqlDialect.Postgres, "ALTER TABLE users ALTER COLUMN role SET NOT NULL;", "set-not-null users.role" },
        { "drop-column", SqlDialect.Postgres, "ALTER TABLE users DROP COLUMN legacy_code;", "drop-column users.legacy_code" },
        { "drop-column", SqlDialect.Sqlite, "ALTER TABLE users DROP COLUMN legacy_code;", "drop-column users.legacy_code" },
    };

    [Theory]
    [MemberData(nameof(HandWritten))]
    public void The_unsafe_hand_written_form_is_reported_with_the_operation_to_declare_instead(string rule, SqlDialect dialect, string statement, string operation)
    {
        var findings = Lint($"-- cutover:up\n{statement}\n-- cutover:down\nSELECT 1;", dialect);

        var finding = Assert.Single(findings, f => f.RuleId == rule);
        Assert.Contains($"; declare it as `-- cutover:op {operation}` ", finding.Message, StringComparison.Ordinal);
        if (rule != "sqlite-alter-unsupported") // its remedy is the table rebuild, for every form SQLite refuses
            Assert.Contains("-- cutover:op", finding.Fix, StringComparison.Ordinal);
        // What the finding suggests is a directive the parser reads as that operation.
        var file = MigrationFileParser.Parse("/m/20260101000000_suggested.sql", $"-- cutover:op {operation}\n", dialect);
        Assert.Equal(operation, Assert.Single(file.Steps).Operation!.Text);
    }

    [Fact]
    public void A_rename_in_a_down_step_is_reported_without_an_operation_to_declare()
    {
        var findings = Lint("""
            -- cutover:up
            ALTER TABLE users ADD COLUMN nickname text;
            -- cutover:down
            ALTER TABLE users RENAME COLUMN full_name TO name;
            ALTER TABLE users DROP COLUMN nickname;
            """, SqlDialect.Postgres);

        var finding = Assert.Single(findings, f => f.RuleId == "rename-column");
        Assert.DoesNotContain("cutover:op", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_an_operation_line_cannot_write_gets_the_finding_without_a_suggestion()
    {
        var findings = Lint("""
            -- cutover:up
            ALTER TABLE users RENAME COLUMN "Full Name" TO full_name;
            -- cutover:down
            ALTER TABLE users RENAME COLUMN full_name TO "Full Name";
            """, SqlDialect.Postgres);

        var finding = findings.First(f => f.RuleId == "rename-column");
        Assert.DoesNotContain("cutover:op", finding.Message, StringComparison.Ordinal);
    }

    /// <summary>One line of every kind there is, each on a table of its own (one operation per table per migration).</summary>
    public static string EveryKind(SqlDialect dialect)
    {
        var cast = dialect == SqlDialect.Postgres ? "total::numeric(12,2)" : "CAST(total AS numeric(12,2))";
        var lines = new Dictionary<string, string>
        {
            ["add-column"] = "add-column accounts.role text default \"'member'\" up \"'member'\"",
            ["rename-column"] = "rename-column users.name to full_name",
            ["alter-column"] = $"alter-column orders.total type numeric(12,2) up \"{cast}\" down \"total\"",
            ["split-column"] = "split-column people.name into (first_name text up \"name\", last_name text up \"NULL\") down \"first_name\"",
            ["merge-columns"] = "merge-columns contacts (first_name, last_name) into full_name text up \"first_name\" down (first_name \"full_name\", last_name \"NULL\")",
            ["set-not-null"] = "set-not-null invoices.email up \"'unknown'\"",
            ["drop-column"] = "drop-column profiles.legacy_code",
            ["split-table"] = "split-table members to member_profiles (bio, avatar_url) key member_id",
            ["rename-table"] = "rename-table customers to clients",
            ["drop-table"] = "drop-table legacy_sessions",
            ["add-foreign-key"] = "add-foreign-key payments.invoice_id references invoices(id) on delete cascade",
            ["add-unique"] = "add-unique subscribers (email)",
            ["add-check"] = "add-check products price_not_negative \"price >= 0\"",
            ["create-index"] = "create-index events_created_at_idx on events (created_at)",
            ["create-table"] = "create-table audit_notes \"id integer PRIMARY KEY, note text NOT NULL\"",
            ["rebuild-table"] = "rebuild-table ledger \"id bigint PRIMARY KEY, amount integer NOT NULL DEFAULT 0\" up (amount \"coalesce(CAST(amount AS integer), 0)\") down (amount \"CAST(amount AS text)\")",
            ["extract-table"] = "extract-table orders_flat (customer_name, customer_email) to customers (name, email) key customer_id",
        };
        // A kind added to the parser must be added here too: this file is the proof that none of them is flagged.
        Assert.Equal(OperationLine.Forms.Keys.Order(StringComparer.Ordinal), lines.Keys.Order(StringComparer.Ordinal));
        return string.Concat(lines.Values.Select(l => $"-- cutover:op {l}\n"));
    }

    [Theory]
    [InlineData(SqlDialect.Postgres)]
    [InlineData(SqlDialect.Sqlite)]
    public void A_file_of_operations_of_every_kind_raises_no_finding(SqlDialect dialect)
    {
        var sql = EveryKind(dialect);

        var findings = Lint(sql, dialect);

        Assert.True(findings.Count == 0, string.Join("\n", findings.Select(f => $"{f.Line}: {f.RuleId}: {f.Message}")));
        Assert.Equal(OperationLine.Forms.Count, MigrationFileParser.Parse("/m/20260101000000_ops.sql", sql, dialect).Steps.Count(s => s.Kind == StepKind.Operation));
    }

    [Fact]
    public void Operations_beside_a_plain_step_without_a_down_step_still_need_one_for_the_plain_step()
    {
        var findings = Lint("""
            -- cutover:op rename-column users.name to full_name
            -- cutover:up
            CREATE TABLE audit (id bigint PRIMARY KEY);
            """, SqlDialect.Postgres);

        Assert.Contains(findings, f => f.RuleId == "missing-down");
    }
}
