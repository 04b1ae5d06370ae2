using System.Diagnostics;
using Cutover.Tests.Browser;
using Cutover.Tests.Cli;
using Cutover.Tests.Files;

namespace Cutover.Tests.Packaging;

/// <summary>
/// build/ci-check.sh, the script docs/ci.md's GitHub Actions and GitLab CI recipes run, in real bash against a SQLite
/// project in a temporary folder, with the cutover built beside the tests.
/// </summary>
public sealed class CiRecipeScriptTests : IDisposable
{
    private readonly TempFolder _project = new();

    private string Migrations => Path.Combine(_project.Path, "migrations");

    private const string CreateUsers = "-- cutover:up\nCREATE TABLE users (id integer PRIMARY KEY);\n-- cutover:down\nDROP TABLE users;\n";

    // An error of the SQLite lint (sqlite-alter-unsupported): SQLite cannot change a column's type in place.
    private const string ChangeColumnType = "-- cutover:up\nALTER TABLE users ALTER COLUMN id TYPE bigint;\n-- cutover:down\nSELECT 1;\n";

    private async Task InitWithAsync(params (string Id, string Sql)[] migrations)
    {
        Assert.Equal(0, (await CliRunner.RunAsync(_project.Path, "init")).ExitCode);
        foreach (var (id, sql) in migrations)
            File.WriteAllText(Path.Combine(Migrations, $"{id}_change.sql"), sql);
        // cutover.sum is written as a developer would before committing, so only the lint can fail the check.
        Assert.Equal(0, (await CliRunner.RunAsync(_project.Path, "sum")).ExitCode);
    }

    [Fact]
    public async Task A_clean_project_passes_with_exit_0_and_rehearse_is_skipped_without_a_staging_url()
    {
        await InitWithAsync(("20260101000000", CreateUsers));

        var run = await RunScriptAsync(new());

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("passed", run.Output, StringComparison.Ordinal);
        Assert.Contains("rehearse skipped", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_with_a_lint_error_fails_with_check_s_exit_code_and_rehearse_does_not_run()
    {
        await InitWithAsync(("20260101000000", CreateUsers), ("20260102000000", ChangeColumnType));
        var staging = StagingCopy();

        var run = await RunScriptAsync(new() { ["STAGING_DATABASE_URL"] = $"Data Source={staging}" });

        Assert.True(run.ExitCode == 1, run.Output);
        Assert.Contains("error sqlite-alter-unsupported", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("== cutover rehearse", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_a_staging_url_the_pending_migrations_are_rehearsed_on_a_copy_and_staging_is_left_as_it_was()
    {
        await InitWithAsync(("20260101000000", CreateUsers));
        var staging = StagingCopy();

        var run = await RunScriptAsync(new() { ["STAGING_DATABASE_URL"] = $"Data Source={staging}" });

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.True(File.Exists(Path.Combine(_project.Path, "docs", "migrations", "20260101000000.md")), run.Output);
        Assert.Equal(0, new FileInfo(staging).Length);
    }

    [Fact]
    public async Task A_rehearse_that_cannot_start_fails_the_script_with_its_exit_code()
    {
        await InitWithAsync(("20260101000000", CreateUsers));

        var run = await RunScriptAsync(new() { ["STAGING_DATABASE_URL"] = $"Data Source={Path.Combine(_project.Path, "missing.db")}" });

        Assert.True(run.ExitCode == 2, run.Output);
        Assert.Contains("cutover rehearse failed (exit 2)", run.Output, StringComparison.Ordinal);
    }

    /// <summary>An empty file is an empty SQLite database: the staging copy of a database nothing was applied to yet.</summary>
    private string StagingCopy()
    {
        var path = Path.Combine(_project.Path, "staging.db");
        File.WriteAllBytes(path, []);
        return path;
    }

    private sealed record ScriptRun(int ExitCode, string Output);

    private async Task<ScriptRun> RunScriptAsync(Dictionary<string, string> environment)
    {
        var script = Path.Combine(RepositoryFolder.Root(), "build", "ci-check.sh");
        var info = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(script);
        info.ArgumentList.Add(_project.Path);
        info.Environment["CUTOVER"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "Cutover.Cli.dll")}";
        // The temporary project is no git repository: the branch rules are tested with check itself (CheckCommandTests).
        info.Environment["CUTOVER_BASE"] = "";
        info.Environment["NO_COLOR"] = "1";
        info.Environment.Remove("CUTOVER_CONNECTION");
        info.Environment.Remove("STAGING_DATABASE_URL");
        foreach (var (name, value) in environment)
            info.Environment[name] = value;
        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not start bash");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return new ScriptRun(process.ExitCode, await stdout + await stderr);
    }

    public void Dispose() => _project.Dispose();
}
