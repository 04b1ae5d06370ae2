using System.Text.RegularExpressions;
using Cutover.Files;
using Cutover.Operations;
using Cutover.Sql;
using Cutover.Tests.Cli;

namespace Cutover.Tests.Checking;

/// <summary>
/// docs/operations.md cannot drift from the parser and the SQLite provider: every kind the parser knows has its section
/// with its form, every directive the page shows parses, and the SQLite dry-run output pasted for each example is what
/// `cutover up --dry-run` prints today.
/// </summary>
public sealed partial class OperationsPageTests
{
    private static readonly string Page = Path.Combine(AppContext.BaseDirectory, "../../../../../docs/operations.md");

    [GeneratedRegex(@"^### `(?<kind>[a-z-]+)`$", RegexOptions.Multiline)]
    private static partial Regex KindHeading();

    [GeneratedRegex(@"^-- cutover:op (?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex DirectiveLine();

    [GeneratedRegex(@"<details><summary>SQLite: <code>cutover up --dry-run</code> on <code>(?<table>[^<]+)</code></summary>\n\n```(sql|text)\n(?<output>.*?)\n```", RegexOptions.Singleline)]
    private static partial Regex SqliteDryRun();

    [GeneratedRegex(@"^```sql\n(?<line>-- cutover:op [^\n]+)", RegexOptions.Multiline)]
    private static partial Regex Example();

    /// <summary>The SQLite example: the one after "SQLite:" when the engines' examples differ, else the section's only one.</summary>
    private static string SqliteExample(string section)
    {
        var sqlite = section.IndexOf("SQLite:\n\n```sql\n", StringComparison.Ordinal);
        return Example().Match(section, sqlite < 0 ? 0 : sqlite + "SQLite:\n\n".Length).Groups["line"].Value;
    }

    private static string Read() => File.ReadAllText(Page).ReplaceLineEndings("\n");

    private static Dictionary<string, string> Sections()
    {
        var page = Read();
        var headings = KindHeading().Matches(page);
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < headings.Count; i++)
        {
            var end = i + 1 < headings.Count ? headings[i + 1].Index : page.IndexOf("\n## ", headings[i].Index, StringComparison.Ordinal);
            sections.Add(headings[i].Groups["kind"].Value, page[headings[i].Index..end]);
        }
        return sections;
    }

    public static TheoryData<string> Kinds() => new(OperationLine.Forms.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public void Every_kind_the_parser_knows_has_one_section_and_every_section_is_a_kind()
    {
        Assert.Equal(OperationLine.Forms.Keys.Order(StringComparer.Ordinal), Sections().Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Each_section_shows_the_form_the_parser_names_in_its_errors(string kind)
    {
        Assert.Contains($"```\n-- cutover:op {OperationLine.Forms[kind]}\n```", Sections()[kind], StringComparison.Ordinal);
    }

    [Fact]
    public void Every_directive_on_the_page_that_is_not_a_form_parses()
    {
        var directives = DirectiveLine().Matches(Read()).Select(m => m.Groups["text"].Value.TrimEnd('`')).Where(t => !t.Contains('<', StringComparison.Ordinal)).ToList();
        Assert.True(directives.Count >= OperationLine.Forms.Count, "too few directives found");

        foreach (var text in directives)
        {
            var file = MigrationFileParser.Parse("/m/20260101000000_doc.sql", $"-- cutover:op {text}\n", SqlDialect.Postgres);
            Assert.Equal(StepKind.Operation, Assert.Single(file.Steps).Kind);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_sqlite_dry_run_pasted_for_the_example_is_what_the_dry_run_prints(string kind)
    {
        var section = Sections()[kind];
        var pasted = SqliteDryRun().Match(section);
        Assert.True(pasted.Success, $"the {kind} section has no SQLite dry-run output");
        var example = SqliteExample(section);
        var work = Directory.CreateTempSubdirectory("cutover-operations-page-").FullName;
        try
        {
            var migrations = Directory.CreateDirectory(Path.Combine(work, "migrations")).FullName;
            // The tables the example runs on: one CREATE TABLE, or several separated by "; " (an operation that reaches a second table).
            var tables = pasted.Groups["table"].Value.Split("; ");
            File.WriteAllText(Path.Combine(migrations, "20261101090000_create_table.sql"),
                $"-- cutover:up\n{string.Concat(tables.Select(t => t + ";\n"))}-- cutover:down\n{string.Concat(tables.Reverse().Select(t => $"DROP TABLE {t.Split(' ')[2]};\n"))}");
            File.WriteAllText(Path.Combine(work, "cutover.json"), """{ "connection": "Data Source=app.db", "migrations": "migrations" }""");
            Assert.Equal(0, (await CliRunner.RunAsync(work, "up")).ExitCode);
            File.WriteAllText(Path.Combine(migrations, $"20261102090000_{kind.Replace('-', '_')}.sql"), example + "\n");

            var dryRun = await CliRunner.RunAsync(work, "up", "--dry-run");

            Assert.Equal(pasted.Groups["output"].Value.Trim(), (dryRun.Stdout + dryRun.Stderr).ReplaceLineEndings("\n").Trim());
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
