using System.Text.Json;
using Cutover.Checking;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Cli;

/// <summary>`cutover sum`, and `cutover new` keeping cutover.sum current when it creates or re-timestamps a migration.</summary>
public sealed class SumAndRenameCliTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    private string Dir => _project.Root;

    private string SumPath => Path.Combine(_project.Folder, "cutover.sum");

    public void Dispose() => _project.Dispose();

    private Task<IReadOnlyList<CheckFinding>> SumFindingsAsync() => SumFile.CheckAsync(_project.Folder, CancellationToken.None);

    [Fact]
    public async Task New_creates_the_migration_and_refreshes_cutover_sum()
    {
        _project.WriteTable("20260101000001", "a");

        var result = await CliRunner.RunAsync(Dir, "new", "add orders");

        Assert.Equal(0, result.ExitCode);
        // Still one line: scripts take the path from it.
        Assert.Matches(@"^created .*_add_orders\.sql$", result.Stdout.TrimEnd());
        Assert.Empty(result.Stderr);
        Assert.Equal(3, File.ReadAllLines(SumPath).Length);
        Assert.Empty(await SumFindingsAsync());
    }

    [Fact]
    public async Task Sum_prints_each_added_edited_and_removed_file_and_then_is_up_to_date()
    {
        _project.WriteTable("20260101000001", "a");
        _project.WriteTable("20260101000002", "b");
        Assert.Equal(0, (await CliRunner.RunAsync(Dir, "sum")).ExitCode);
        _project.WriteTable("20260101000003", "c");
        File.AppendAllText(Path.Combine(_project.Folder, "20260101000002_create_b.sql"), "\n-- edited\n");
        _project.Delete("20260101000001", "create_a");

        var result = await CliRunner.RunAsync(Dir, "sum");
        var again = await CliRunner.RunAsync(Dir, "sum");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(
            "added   20260101000003_create_c.sql\n" +
            "edited  20260101000002_create_b.sql\n" +
            "removed 20260101000001_create_a.sql\n" +
            $"wrote {SumPath} (2 migration(s))\n",
            result.Stdout.ReplaceLineEndings("\n"));
        Assert.Equal($"up to date {SumPath} (2 migration(s))\n", again.Stdout.ReplaceLineEndings("\n"));
        Assert.Empty(await SumFindingsAsync());
    }

    [Fact]
    public async Task Sum_json_is_one_document_with_what_changed_and_badly_named_files_are_a_warning()
    {
        _project.WriteTable("20260101000001", "a");
        var bad = _project.Write("2026", "x", "-- cutover:up\nSELECT 1;\n");

        var result = await CliRunner.RunAsync(Dir, "sum", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(SumPath, json.RootElement.GetProperty("path").GetString());
        Assert.True(json.RootElement.GetProperty("written").GetBoolean());
        Assert.Equal(1, json.RootElement.GetProperty("migrations").GetInt32());
        Assert.Equal("20260101000001_create_a.sql", json.RootElement.GetProperty("added")[0].GetString());
        Assert.Equal(bad, json.RootElement.GetProperty("skipped")[0].GetString());

        var text = await CliRunner.RunAsync(Dir, "sum");
        Assert.Equal($"warning: {bad}: not listed in cutover.sum: the name is not <yyyyMMddHHmmss>_<name>.sql\n", text.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Sum_resolves_a_merge_conflict()
    {
        _project.WriteTable("20260101000001", "a");
        File.WriteAllText(SumPath, "<<<<<<< HEAD\ncutover-sum v1 x\n=======\ncutover-sum v1 y\n>>>>>>> other\n");

        var result = await CliRunner.RunAsync(Dir, "sum");

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(await SumFindingsAsync());
    }

    [Fact]
    public async Task Sum_without_a_migrations_folder_is_bad_input()
    {
        Directory.Delete(_project.Folder);

        var result = await CliRunner.RunAsync(Dir, "sum");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"error: {_project.Folder}: migrations folder not found", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData("20260101000001")]
    [InlineData("20260101000001_create_a.sql")]
    [InlineData("migrations/20260101000001_create_a.sql")]
    public async Task New_rename_gives_the_migration_a_new_id_after_every_other_and_refreshes_the_sum(string fileOrId)
    {
        var old = _project.WriteTable("20260101000001", "a");
        _project.WriteTable("20260101000002", "b");
        var content = File.ReadAllText(old);
        Assert.Equal(0, (await CliRunner.RunAsync(Dir, "sum")).ExitCode);

        var result = await CliRunner.RunAsync(Dir, "new", "--rename", fileOrId);

        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"renamed {old}", lines[0]);
        var newPath = lines[1].Trim()["to ".Length..];
        Assert.Matches(@"^\d{14}_create_a\.sql$", Path.GetFileName(newPath));
        Assert.True(string.CompareOrdinal(Path.GetFileName(newPath), "20260101000002_create_b.sql") > 0);
        Assert.False(File.Exists(old));
        Assert.Equal(content, File.ReadAllText(newPath));
        Assert.Equal($"updated {SumPath}", lines[2]);
        Assert.Empty(await SumFindingsAsync());
    }

    [Fact]
    public async Task New_rename_json_names_both_paths()
    {
        var old = _project.WriteTable("20260101000001", "a");

        var result = await CliRunner.RunAsync(Dir, "new", "--rename", "20260101000001", "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Equal(old, json.RootElement.GetProperty("from").GetString());
        Assert.True(File.Exists(json.RootElement.GetProperty("to").GetString()));
        Assert.True(json.RootElement.GetProperty("sum").GetProperty("written").GetBoolean());
    }

    [Theory]
    [InlineData(new[] { "new", "--rename", "20990101000000" }, "no migration with id 20990101000000")]
    [InlineData(new[] { "new", "--rename", "nope.sql" }, "nope.sql: no such migration file")]
    [InlineData(new[] { "new", "add_x", "--rename", "20260101000001" }, "give a name or --rename, not both")]
    public async Task New_rename_of_something_that_is_not_one_migration_is_bad_input(string[] args, string expected)
    {
        _project.WriteTable("20260101000001", "a");
        var before = Directory.GetFiles(_project.Folder).Order().ToList();

        var result = await CliRunner.RunAsync(Dir, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.ErrorLines));
        Assert.Contains("hint: ", result.Stderr);
        Assert.Equal(before, Directory.GetFiles(_project.Folder).Order());
    }
}
