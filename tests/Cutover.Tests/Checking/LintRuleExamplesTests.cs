using System.Text.RegularExpressions;
using Cutover.Checking;
using Cutover.Checking.Lint;
using Cutover.Files;
using Cutover.Postgres.Tooling;
using Cutover.Sql;
using Cutover.Sqlite.Tooling;

namespace Cutover.Tests.Checking;

/// <summary>
/// docs/lint.md is the test corpus: every Bad example must be flagged with its rule and every Good example
/// (the near misses) must not, on each engine the rule is for. So every rule is documented and tested at once.
/// </summary>
public sealed partial class LintRuleExamplesTests
{
    private static readonly string LintPage = Path.Combine(AppContext.BaseDirectory, "../../../../../docs/lint.md");

    public sealed record Example(string Rule, bool Bad, int Number, SqlDialect Dialect, string Sql)
    {
        public override string ToString() => $"{Rule} {(Bad ? "bad" : "good")} #{Number} on {Dialect}";
    }

    [GeneratedRegex(@"^### `(?<id>[a-z0-9-]+)`\n\n\*\*(?<severity>error|warning)\*\* · (?<scope>[^\n]+)$", RegexOptions.Multiline)]
    private static partial Regex RuleHeading();

    [GeneratedRegex(@"^(?<kind>Bad|Good):\n\n```sql\n(?<sql>.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();

    public static TheoryData<Example> Examples()
    {
        var page = File.ReadAllText(LintPage).ReplaceLineEndings("\n");
        var headings = RuleHeading().Matches(page);
        var data = new TheoryData<Example>();
        for (var h = 0; h < headings.Count; h++)
        {
            var end = h + 1 < headings.Count ? headings[h + 1].Index : page.Length;
            var section = page[headings[h].Index..end];
            var rule = headings[h].Groups["id"].Value;
            var scope = headings[h].Groups["scope"].Value;
            SqlDialect[] dialects = scope switch
            {
                "PostgreSQL" => [SqlDialect.Postgres],
                "SQLite" => [SqlDialect.Sqlite],
                _ => [SqlDialect.Postgres, SqlDialect.Sqlite],
            };
            var counts = new Dictionary<bool, int> { [true] = 0, [false] = 0 };
            foreach (Match block in ExampleBlock().Matches(section))
            {
                var bad = block.Groups["kind"].Value == "Bad";
                counts[bad]++;
                foreach (var dialect in dialects)
                    data.Add(new Example(rule, bad, counts[bad], dialect, block.Groups["sql"].Value));
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_bad_example_is_flagged_with_its_rule_and_each_good_one_is_not(Example example)
    {
        var findings = Lint(example.Sql, example.Dialect);
        var mine = findings.Where(f => f.RuleId == example.Rule && f.Active).ToList();
        var listed = string.Join("\n", findings.Select(f => $"{f.Line}: {f.RuleId}: {f.Message}"));

        if (example.Bad)
        {
            Assert.True(mine.Count > 0, $"{example} was not flagged; findings:\n{listed}");
            var finding = mine[0];
            var rule = AllRules.Single(r => r.Id == example.Rule);
            Assert.Equal((rule.Severity, rule.Reason, rule.Fix), (finding.Severity, finding.Reason, finding.Fix));
            Assert.InRange(finding.Line, 1, example.Sql.Split('\n').Length);
            Assert.False(string.IsNullOrWhiteSpace(finding.Message));
        }
        else
        {
            Assert.True(mine.Count == 0, $"{example} was flagged; findings:\n{listed}");
        }
    }

    [Fact]
    public void Every_rule_is_documented_with_a_bad_and_a_good_example_and_its_severity_and_scope()
    {
        var page = File.ReadAllText(LintPage).ReplaceLineEndings("\n");
        var examples = Examples().Cast<object[]>().Select(row => (Example)row[0]).ToList();
        foreach (var rule in AllRules)
        {
            Assert.Contains(examples, e => e.Rule == rule.Id && e.Bad);
            Assert.Contains(examples, e => e.Rule == rule.Id && !e.Bad);
            Assert.Contains($"### `{rule.Id}`\n\n**{rule.Severity.ToString().ToLowerInvariant()}** · ", page, StringComparison.Ordinal);
        }
        Assert.Equal(AllRules.Count, RuleHeading().Matches(page).Count);
    }

    /// <summary>The rules common to every engine and those of each engine the tool ships.</summary>
    private static readonly IReadOnlyList<LintRule> AllRules = [.. LintRules.All, .. PostgresLintRules.All, .. SqliteLintRules.All];

    /// <summary>Lints one example as the file 20260101000000_example.sql; a file that does not parse is reported as `cutover check` reports it.</summary>
    internal static IReadOnlyList<CheckFinding> Lint(string sql, SqlDialect dialect, Version? sqliteVersion = null)
    {
        const string path = "/migrations/20260101000000_example.sql";
        MigrationFile file;
        try
        {
            file = MigrationFileParser.Parse(path, sql, dialect);
        }
        catch (CutoverException e)
        {
            // As `cutover check` reports it: transaction control under its own rule, anything else as unparsable.
            return [ParseFailure.Finding(path, e) with { Fix = LintRules.Find(ParseFailure.Finding(path, e).RuleId)!.Fix }];
        }
        return MigrationLinter.Lint([file], ProviderFactory.LintFor(dialect, sqliteVersion));
    }
}
