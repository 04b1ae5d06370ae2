using System.Text.Json;
using Cutover.Tests.Files;

namespace Cutover.Tests.Cli;

/// <summary>`cutover check` from the command line: output for people, for GitHub and for machines, and its exit codes.</summary>
public sealed class CheckCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();

    private string Migrations => Path.Combine(_dir.Path, "migrations");

    private async Task<CliResult> WriteAndSumAsync(string id, string sql)
    {
        Directory.CreateDirectory(Migrations);
        File.WriteAllText(Path.Combine(Migrations, $"{id}_change.sql"), sql);
        var sum = await CliRunner.RunAsync(_dir.Path, "sum");
        Assert.Equal(0, sum.ExitCode);
        return sum;
    }

    private const string IndexOnExistingTable = """
        -- cutover:up
        ALTER TABLE users ADD COLUMN nickname text;
        CREATE INDEX users_nickname ON users (nickname);
        -- cutover:down
        DROP INDEX users_nickname;
        ALTER TABLE users DROP COLUMN nickname;
        """;

    [Fact]
    public async Task An_error_finding_prints_file_line_rule_why_and_instead_and_exits_1()
    {
        await WriteAndSumAsync("20260101000000", IndexOnExistingTable);

        var result = await CliRunner.RunAsync(_dir.Path, "check", "--dialect", "postgres");

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Contains("migrations/20260101000000_change.sql:3: error pg-index-not-concurrent: CREATE INDEX users_nickname on existing table users without CONCURRENTLY", lines);
        Assert.Contains(lines, l => l.StartsWith("    why: CREATE INDEX takes a SHARE lock", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("    instead: CREATE INDEX CONCURRENTLY", StringComparison.Ordinal));
        Assert.Contains("check: 2 errors, 0 warnings, 0 allowed in 1 file (4 statements) — failed", lines);
    }

    [Fact]
    public async Task The_github_format_annotates_the_file_and_line_in_the_pull_request()
    {
        await WriteAndSumAsync("20260101000000", IndexOnExistingTable);

        var result = await CliRunner.RunAsync(_dir.Path, "check", "--dialect", "postgres", "--format", "github");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(result.Stdout.Split('\n'), l => l.StartsWith(
            "::error file=migrations/20260101000000_change.sql,line=3,title=pg-index-not-concurrent::CREATE INDEX users_nickname on existing table users without CONCURRENTLY%0AWhy: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Json_gives_the_same_findings_for_machines()
    {
        await WriteAndSumAsync("20260101000000", IndexOnExistingTable);

        var result = await CliRunner.RunAsync(_dir.Path, "check", "--dialect", "postgres", "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
        var finding = Assert.Single(findings, f => f.GetProperty("ruleId").GetString() == "pg-index-not-concurrent");
        Assert.Equal(("error", 3), (finding.GetProperty("severity").GetString(), finding.GetProperty("line").GetInt32()));
        Assert.Equal(1, json.RootElement.GetProperty("files").GetInt32());
    }

    [Fact]
    public async Task Warnings_pass_unless_strict_and_allowed_findings_are_listed_with_their_reason()
    {
        await WriteAndSumAsync("20260101000000", """
            -- cutover:up
            CREATE TABLE notes (id bigint PRIMARY KEY, body varchar(200));
            -- cutover:allow drop-table notes_old was archived to s3://backups/notes_old
            DROP TABLE notes_old;
            -- cutover:down
            DROP TABLE notes;
            """);

        var relaxed = await CliRunner.RunAsync(_dir.Path, "check", "--dialect", "postgres");
        var strict = await CliRunner.RunAsync(_dir.Path, "check", "--dialect", "postgres", "--strict");

        Assert.Equal(0, relaxed.ExitCode);
        Assert.Contains("warning pg-prefer-text-with-check", relaxed.Stdout, StringComparison.Ordinal);
        Assert.Contains("migrations/20260101000000_change.sql:4: drop-table: DROP TABLE notes_old (allowed: notes_old was archived to s3://backups/notes_old)", relaxed.Stdout, StringComparison.Ordinal);
        Assert.Contains("check: 0 errors, 1 warning, 1 allowed in 1 file (3 statements) — passed", relaxed.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, strict.ExitCode);
    }

    [Fact]
    public async Task The_engine_comes_from_the_configured_connection_when_no_dialect_is_given()
    {
        await WriteAndSumAsync("20260101000000", """
            -- cutover:up
            ALTER TABLE users ALTER COLUMN age TYPE bigint;
            -- cutover:down
            ALTER TABLE users ALTER COLUMN age TYPE integer;
            """);

        var sqlite = await CliRunner.RunAsync(_dir.Path, "check", "--connection", "Data Source=app.db");
        var postgres = await CliRunner.RunAsync(_dir.Path, "check", "--connection", "Host=localhost;Database=app");

        Assert.Contains("sqlite-alter-unsupported", sqlite.Stdout, StringComparison.Ordinal);
        Assert.Contains("pg-alter-column-type", postgres.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_dir.Path, "app.db")));
    }

    [Theory]
    [InlineData(new[] { "check" }, "error: check: which engine? no --dialect and no connection configured")]
    [InlineData(new[] { "check", "--dialect", "sqlite", "--sqlite-version", "three" }, "error: --sqlite-version three: not a SQLite 3 version")]
    [InlineData(new[] { "check", "--dialect", "oracle" }, "error: Argument 'oracle' not recognized. Must be one of:")]
    public async Task Bad_arguments_are_one_error_line_and_exit_2(string[] args, string expected)
    {
        Directory.CreateDirectory(Migrations);

        var result = await CliRunner.RunAsync(_dir.Path, args);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, Assert.Single(result.ErrorLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-- cutover:op rename-column users.name full_name", "rename-column: expected 'to', found 'full_name'", "write rename-column <table>.<column> to <new name>")]
    [InlineData("-- cutover:op rename-colum users.name to full_name", "unknown operation 'rename-colum'", "write one of: add-column, ")]
    [InlineData("-- cutover:op alter-column orders.total type numeric(12,2) up \"total\" down \"total", "unterminated \"quoted expression\"", "end it with \"")]
    public async Task A_malformed_operation_line_is_reported_at_its_file_and_line_with_the_form_to_write(string line, string problem, string remedy)
    {
        await WriteAndSumAsync("20260101000000", $"-- why: the accounts page shows the full name\n{line}\n");

        var result = await CliRunner.RunAsync(_dir.Path, "check", "--dialect", "sqlite");

        Assert.Equal(1, result.ExitCode);
        var lines = result.Stdout.Split('\n');
        Assert.Contains($"migrations/20260101000000_change.sql:2: error unparsable: {problem}", lines);
        Assert.Contains(lines, l => l.StartsWith($"    instead: {remedy}", StringComparison.Ordinal));
        Assert.Contains("check: 1 error, 0 warnings, 0 allowed in 0 files (0 statements) — failed", lines);
    }

    [Fact]
    public async Task A_file_that_only_declares_operations_passes_check()
    {
        await WriteAndSumAsync("20260101000000", "-- why: the new app shows first and last names\n-- cutover:op rename-column users.name to full_name\n");

        var result = await CliRunner.RunAsync(_dir.Path, "check", "--dialect", "postgres");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("check: 0 errors, 0 warnings, 0 allowed in 1 file (0 statements)", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_quickstart_sample_passes_its_own_check()
    {
        var quickstart = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/quickstart"));

        var result = await CliRunner.RunAsync(quickstart, "check");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("check: 0 errors, 0 warnings, 2 allowed in 3 files", result.Stdout, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
