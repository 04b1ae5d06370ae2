using System.Text.RegularExpressions;
using Cutover.Checking;
using Cutover.Sql;

namespace Cutover.Tests.Checking;

/// <summary>
/// The whole migrations the user docs show as the way to do something (docs/backfill.md's flagship example first)
/// pass the lint on PostgreSQL, the engine they are written for, so the docs cannot drift into advice `check` refuses.
/// </summary>
public sealed partial class DocsMigrationExamplesTests
{
    private static readonly string Docs = Path.Combine(AppContext.BaseDirectory, "../../../../../docs");

    [GeneratedRegex(@"^```sql\n(?<sql>.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SqlBlock();

    public static TheoryData<string, int> Examples()
    {
        var data = new TheoryData<string, int>();
        foreach (var page in new[] { "backfill.md" })
        {
            var blocks = SqlBlock().Matches(Read(page));
            for (var i = 0; i < blocks.Count; i++)
            {
                // A whole migration: one with an up step. Fragments (a lone directive) are not files.
                if (blocks[i].Groups["sql"].Value.Contains("-- cutover:up", StringComparison.Ordinal))
                    data.Add(page, i + 1);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void Each_whole_migration_in_the_docs_passes_the_postgres_lint(string page, int block)
    {
        var sql = SqlBlock().Matches(Read(page))[block - 1].Groups["sql"].Value;

        var findings = LintRuleExamplesTests.Lint(sql, SqlDialect.Postgres).Where(f => f.Active && f.Severity == Severity.Error).ToList();

        Assert.True(findings.Count == 0, $"{page} block {block}:\n" + string.Join("\n", findings.Select(f => $"{f.Line}: {f.RuleId}: {f.Message}")));
    }

    [Fact]
    public void The_backfill_page_opens_with_a_whole_migration()
    {
        Assert.Contains(("backfill.md", 1), Examples().Cast<object[]>().Select(row => ((string)row[0], (int)row[1])));
    }

    private static string Read(string page) => File.ReadAllText(Path.Combine(Docs, page)).ReplaceLineEndings("\n");
}
