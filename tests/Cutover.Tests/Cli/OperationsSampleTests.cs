using System.Text.RegularExpressions;
using Cutover.Sqlite;
using Microsoft.Data.Sqlite;

namespace Cutover.Tests.Cli;

/// <summary>
/// samples/operations: its README's walk-through is run line by line on a copy of the sample (cutover commands through
/// the CLI, sqlite3 lines through a connection of their own), so the sample and its README cannot drift apart from
/// what operations do; and the sample passes its own check.
/// </summary>
public sealed partial class OperationsSampleTests : IDisposable
{
    private static readonly string Sample = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../samples/operations"));

    private readonly string _work = Directory.CreateTempSubdirectory("cutover-operations-sample-").FullName;

    [GeneratedRegex(@"^```sh\n(?<lines>.*?)\n```", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex ShellBlock();

    /// <summary>A line of the walk-through: the command, and the comment after it (two spaces and #).</summary>
    [GeneratedRegex(@"^(?<command>.*?)(\s{2,}#\s*(?<comment>.*))?$")]
    private static partial Regex CommandLine();

    [GeneratedRegex(@"^sqlite3 operations\.db (< (?<file>\S+)|""(?<sql>.*)"")$")]
    private static partial Regex Sqlite3Line();

    private string Database => $"Data Source={Path.Combine(_work, "operations.db")};Pooling=False";

    [Fact]
    public async Task The_readme_walk_through_expands_writes_both_shapes_verifies_repairs_and_completes()
    {
        CopySample();
        var readme = File.ReadAllText(Path.Combine(Sample, "README.md")).ReplaceLineEndings("\n");
        var lines = ShellBlock().Match(readme).Groups["lines"].Value.Split('\n');
        Assert.True(lines.Length >= 10, "the README's walk-through block was not found");
        var ran = new List<string>();

        foreach (var line in lines)
        {
            var parsed = CommandLine().Match(line);
            var command = parsed.Groups["command"].Value.Trim();
            var expected = Regex.Match(parsed.Groups["comment"].Value, @"^exit (\d+)") is { Success: true } exit ? int.Parse(exit.Groups[1].Value) : 0;
            if (command.StartsWith("cutover ", StringComparison.Ordinal))
            {
                var result = await CliRunner.RunAsync(_work, command["cutover ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries));
                Assert.True(result.ExitCode == expected, $"`{command}` exited {result.ExitCode}, the README says {expected}:\n{result.Stdout}{result.Stderr}");
                if (command == "cutover status")
                    Assert.Matches(@"20261102090000 .* applied \(expanded\)", result.Stdout);
                if (command == "cutover up --dry-run")
                    Assert.Contains("then `cutover complete 20261102090000` would run", result.Stdout, StringComparison.Ordinal);
            }
            else if (Sqlite3Line().Match(command) is { Success: true } sqlite3)
            {
                if (sqlite3.Groups["file"].Success)
                {
                    var script = File.ReadAllText(Path.Combine(_work, sqlite3.Groups["file"].Value));
                    if (sqlite3.Groups["file"].Value == "new-app.sql")
                        await AssertTheShapeStatementsAreThoseOfTheMigratorAsync(script);
                    await ExecuteAsync(script);
                }
                else
                {
                    await ExecuteAsync(sqlite3.Groups["sql"].Value);
                }
            }
            else
            {
                Assert.Fail($"the walk-through has a line the test cannot run: {line}");
            }
            ran.Add(command);
        }

        Assert.Contains("cutover complete 20261102090000", ran);
        // Completed: the new shape alone, with both versions' writes, the old column archived by key.
        Assert.Equal(["id", "email", "first_name", "last_name"], await QueryAsync("SELECT name FROM pragma_table_info('users') ORDER BY cid"));
        Assert.Equal(["1 Ada King", "2 Grace Hopper-Murray", "3 Linus Torvalds", "4 Edsger Dijkstra", "5 Barbara Liskov"],
            await QueryAsync("SELECT id || ' ' || first_name || ' ' || last_name FROM users ORDER BY id"));
        Assert.Equal(["1 Ada King", "2 Grace Hopper-Murray", "3 Linus Torvalds", "4 Edsger Dijkstra", "5 Barbara Liskov"],
            await QueryAsync("SELECT id || ' ' || name FROM cutover_archive_20261102090000_users ORDER BY id"));
        Assert.Empty(await QueryAsync("SELECT name FROM sqlite_master WHERE name LIKE 'cutover_v%' OR (type = 'trigger' AND name LIKE 'cutover_%')"));
        var history = await CliRunner.RunAsync(_work, "history");
        foreach (var action in new[] { "expand", "backfill", "verify", "complete" })
            Assert.Contains($" {action} ", history.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_passes_its_own_check()
    {
        var result = await CliRunner.RunAsync(Sample, "check");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.Contains("check: 0 errors, 0 warnings, 0 allowed in 2 files", result.Stdout, StringComparison.Ordinal);
    }

    /// <summary>new-app.sql opens with the statements the library gives a connection of the new version, exactly.</summary>
    private async Task AssertTheShapeStatementsAreThoseOfTheMigratorAsync(string script)
    {
        var migrator = new Migrator(new CutoverOptions { ConnectionString = Database, MigrationsFolder = Path.Combine(_work, "migrations") }, new SqliteProvider());
        var statements = await migrator.NewShapeStatementsAsync();
        Assert.NotEmpty(statements);
        var inFile = script.ReplaceLineEndings("\n").Split('\n').Where(l => l.StartsWith("CREATE TEMP ", StringComparison.Ordinal) || l.StartsWith("SELECT 1 FROM ", StringComparison.Ordinal)).ToList();
        Assert.Equal(statements.Select(s => s + ";"), inFile);
    }

    private void CopySample()
    {
        foreach (var file in Directory.EnumerateFiles(Sample, "*", SearchOption.AllDirectories).Where(f => !Path.GetFileName(f).StartsWith("operations.db", StringComparison.Ordinal)))
        {
            var target = Path.Combine(_work, Path.GetRelativePath(Sample, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection(Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<List<string>> QueryAsync(string sql)
    {
        await using var connection = new SqliteConnection(Database);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        var rows = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(reader.GetString(0));
        return rows;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}
