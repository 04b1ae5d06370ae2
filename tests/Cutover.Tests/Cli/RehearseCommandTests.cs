using System.Text.Json;
using Cutover.Tests.Files;
using Cutover.Tests.Infrastructure;

namespace Cutover.Tests.Cli;

/// <summary>`cutover rehearse` from the command line: the summary, the one-pagers, the exit codes.</summary>
public sealed class RehearseCommandTests : IDisposable
{
    private readonly TempFolder _dir = new();
    private readonly string _db = SqliteFiles.NewDatabase();

    private async Task PrepareAsync(string downOfSecond)
    {
        var migrations = Directory.CreateDirectory(Path.Combine(_dir.Path, "migrations")).FullName;
        File.WriteAllText(Path.Combine(migrations, "20260101000001_create_users.sql"), """
            -- cutover:up
            CREATE TABLE users (id integer PRIMARY KEY, email text);
            INSERT INTO users (id, email) VALUES (1, 'a@example.com'), (2, NULL);
            -- cutover:down
            DROP TABLE users;
            """);
        Assert.Equal(0, (await CliRunner.RunAsync(_dir.Path, "up", "--connection", _db)).ExitCode);
        File.WriteAllText(Path.Combine(migrations, "20260101000002_index_email.sql"), $"""
            -- why: the admin search filters by email
            -- test: Admin > Users > search by email is fast
            -- cutover:up
            CREATE INDEX users_email ON users (email);
            -- cutover:down
            {downOfSecond}
            """);
    }

    [Fact]
    public async Task A_passing_rehearsal_prints_the_summary_writes_a_one_pager_and_exits_0()
    {
        await PrepareAsync("DROP INDEX users_email;");

        var result = await CliRunner.RunAsync(_dir.Path, "rehearse", "--connection", _db);

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.StartsWith("# Rehearsal: passed", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("| 20260101000002_index_email | yes |", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("rehearse: rollback drill: down 1 migration(s)", result.Stderr, StringComparison.Ordinal);
        var page = File.ReadAllText(Path.Combine(_dir.Path, "docs", "migrations", "20260101000002.md"));
        Assert.Contains("## Why\n\nthe admin search filters by email", page, StringComparison.Ordinal);
        Assert.Contains("- index added `\"users\" index \"users_email\"`: (email)", page, StringComparison.Ordinal);
        Assert.Contains("- [x] Rolled back: the schema fingerprint is exactly what it was before", page, StringComparison.Ordinal);
        Assert.Contains("- [x] No lint errors", page, StringComparison.Ordinal); // SQLite has no lock rule for CREATE INDEX
        Assert.Equal("pending", JsonDocument.Parse((await CliRunner.RunAsync(_dir.Path, "status", "--connection", _db, "--json")).Stdout)
            .RootElement.GetProperty("migrations")[1].GetProperty("state").GetString()!.ToLowerInvariant());
    }

    [Fact]
    public async Task Each_run_keeps_its_summary_and_json_report_in_the_docs_folders_rehearsals_folder()
    {
        await PrepareAsync("DROP INDEX users_email;");

        var first = await CliRunner.RunAsync(_dir.Path, "rehearse", "--connection", _db);
        var second = await CliRunner.RunAsync(_dir.Path, "rehearse", "--connection", _db, "--json");

        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.Equal(0, second.ExitCode);
        var docs = Path.Combine(_dir.Path, "docs", "migrations");
        var reports = await Cutover.Rehearsal.RehearsalDocs.ListReportsAsync(docs);
        // Two runs, two reports, even within the same second; newest first, each passed.
        Assert.Equal(2, reports.Count);
        Assert.All(reports, r => Assert.True(r.Passed));
        Assert.Matches(@"^\d{8}T\d{6}Z(-2)?$", reports[0].Name);
        Assert.True(reports[0].RehearsedAt >= reports[1].RehearsedAt);
        var oldest = reports[1];
        // The kept Markdown is what stdout printed; the JSON beside it is the --json report.
        var markdown = await File.ReadAllTextAsync(oldest.Path);
        Assert.StartsWith(markdown, first.Stdout, StringComparison.Ordinal);
        Assert.Contains($"wrote {Path.Combine("docs", "migrations", "rehearsals", oldest.Name + ".md")}", first.Stdout, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(oldest.Path, ".json")));
        Assert.Equal("20260101000002", json.RootElement.GetProperty("migrations")[0].GetProperty("id").GetString());
        Assert.Equal(JsonDocument.Parse(second.Stdout).RootElement.GetProperty("rehearsedAt").GetDateTime(),
            JsonDocument.Parse(await File.ReadAllTextAsync(Path.ChangeExtension(reports[0].Path, ".json"))).RootElement.GetProperty("rehearsedAt").GetDateTime());
    }

    [Fact]
    public async Task A_down_that_forgets_the_index_fails_with_exit_1_and_an_unticked_checklist()
    {
        await PrepareAsync("SELECT 1;");

        var result = await CliRunner.RunAsync(_dir.Path, "rehearse", "--connection", _db, "--docs", "reviews");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("# Rehearsal: FAILED", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("- rollback drill of 20260101000002_index_email.sql: the schema after rolling back differs from before: IndexAdded", result.Stdout, StringComparison.Ordinal);
        var page = File.ReadAllText(Path.Combine(_dir.Path, "reviews", "20260101000002.md"));
        Assert.Contains("- [ ] Rolled back: the schema fingerprint is exactly what it was before", page, StringComparison.Ordinal);
        Assert.Contains("users_email", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_operation_migration_prints_each_phase_timed_and_the_json_holds_the_phases_the_verification_and_the_sql()
    {
        await PrepareAsync("DROP INDEX users_email;");
        File.Delete(Path.Combine(_dir.Path, "migrations", "20260101000002_index_email.sql"));
        File.WriteAllText(Path.Combine(_dir.Path, "migrations", "20260101000002_retype_email.sql"), """
            -- cutover:op alter-column users.email type varchar(200) up "upper(email)" down "lower(email)"
            """);

        var text = await CliRunner.RunAsync(_dir.Path, "rehearse", "--connection", _db);
        var json = await CliRunner.RunAsync(_dir.Path, "rehearse", "--connection", _db, "--json");

        Assert.True(text.ExitCode == 0, text.Stdout + text.Stderr);
        Assert.Contains("## Operations\n\n| migration | phase | time | result |", text.Stdout, StringComparison.Ordinal);
        foreach (var phase in new[] { "expand", "verify", "abort", "expand again", "verify again", "complete" })
            Assert.Matches($@"\| 20260101000002_retype_email \| {phase} \| \d+ ms \| ", text.Stdout);
        Assert.Contains("rehearse: verifying 20260101000002_retype_email.sql", text.Stderr, StringComparison.Ordinal);
        Assert.Contains("rehearse: completing 20260101000002_retype_email.sql", text.Stderr, StringComparison.Ordinal);
        var page = File.ReadAllText(Path.Combine(_dir.Path, "docs", "migrations", "20260101000002.md"));
        Assert.Contains("### Abort (`cutover abort 20260101000002`)", page, StringComparison.Ordinal);

        Assert.True(json.ExitCode == 0, json.Stdout + json.Stderr);
        var operations = JsonDocument.Parse(json.Stdout).RootElement.GetProperty("migrations")[0].GetProperty("operations");
        Assert.Equal(["expand", "verify", "abort", "expand again", "verify again", "complete"],
            operations.GetProperty("phases").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.All(operations.GetProperty("phases").EnumerateArray(), p => Assert.True(p.GetProperty("elapsedMs").GetInt64() >= 0));
        Assert.Equal((2, 0), (operations.GetProperty("verification").GetProperty("rows").GetInt32(), operations.GetProperty("verification").GetProperty("mismatches").GetInt32()));
        Assert.True(operations.GetProperty("abortRestoredSchema").GetBoolean());
        Assert.True(operations.GetProperty("completed").GetBoolean());
        Assert.StartsWith("-- cutover:up", operations.GetProperty("completeSql").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("-- cutover:down", operations.GetProperty("abortSql").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_source_file_that_does_not_exist_is_bad_input()
    {
        Directory.CreateDirectory(Path.Combine(_dir.Path, "migrations"));
        var missing = Path.Combine(_dir.Path, "nope.db");

        var result = await CliRunner.RunAsync(_dir.Path, "rehearse", "--from", $"Data Source={missing}");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: --from '{missing}': no such SQLite database file", Assert.Single(result.ErrorLines));
        Assert.False(File.Exists(missing));
    }

    public void Dispose() => _dir.Dispose();
}
