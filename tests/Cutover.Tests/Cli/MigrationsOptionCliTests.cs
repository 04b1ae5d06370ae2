using Cutover.Configuration;
using Cutover.Tests.Files;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Cli;

/// <summary>
/// Issue 16: `--migrations` names the folder for every command that reads migration files, relative to the working
/// directory, beating CUTOVER_MIGRATIONS, which beats cutover.json. The folder here is outside the working directory.
/// The commands here open no database; status and up on each engine are in <see cref="MigrationsOptionDatabaseCliSpecification"/>.
/// </summary>
public sealed class MigrationsOptionCliTests : IDisposable
{
    private readonly MigrationsFolder _project = new();
    private readonly TempFolder _work = new();

    /// <summary>The project's migrations folder as written from the working directory: ../…/migrations.</summary>
    private string Relative => Path.GetRelativePath(_work.Path, _project.Folder);

    public void Dispose()
    {
        _project.Dispose();
        _work.Dispose();
    }

    [Fact]
    public async Task New_sum_and_check_work_on_the_named_folder()
    {
        _project.WriteTable("20260101000001", "a");

        var sum = await CliRunner.RunAsync(_work.Path, "sum", "--migrations", Relative);
        var check = await CliRunner.RunAsync(_work.Path, "check", "--dialect", "sqlite", "--migrations", Relative);
        var created = await CliRunner.RunAsync(_work.Path, "new", "add orders", "--migrations", Relative);
        // The new file's empty up step is a finding: proof that check reads the named folder.
        var checkAgain = await CliRunner.RunAsync(_work.Path, "check", "--dialect", "sqlite", "--migrations", Relative);

        Assert.Equal(0, sum.ExitCode);
        Assert.True(File.Exists(Path.Combine(_project.Folder, "cutover.sum")));
        Assert.True(check.ExitCode == 0, check.Stdout + check.Stderr);
        Assert.Contains("in 1 file", check.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, created.ExitCode);
        var file = Assert.Single(Directory.GetFiles(_project.Folder, "*_add_orders.sql"));
        Assert.Equal(1, checkAgain.ExitCode);
        Assert.Contains($"{Path.GetRelativePath(_work.Path, file).Replace('\\', '/')}:", checkAgain.Stdout, StringComparison.Ordinal);
        Assert.Contains("error unparsable: empty up step", checkAgain.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work.Path, "migrations")));
    }

    [Fact]
    public async Task The_option_beats_the_variable_which_beats_cutover_json()
    {
        _project.WriteTable("20260101000001", "a");
        var other = Directory.CreateDirectory(Path.Combine(_project.Root, "other")).FullName;
        File.WriteAllText(Path.Combine(_work.Path, "cutover.json"), "{ \"migrations\": \"from-file\" }");
        var environment = new Dictionary<string, string?> { ["CUTOVER_MIGRATIONS"] = Relative };

        var fromVariable = await CliRunner.RunWithEnvironmentAsync(_work.Path, environment, "sum");
        var fromOption = await CliRunner.RunWithEnvironmentAsync(_work.Path, environment, "sum", "--migrations", other);

        Assert.Equal(0, fromVariable.ExitCode);
        Assert.True(File.Exists(Path.Combine(_project.Folder, "cutover.sum")));
        Assert.Equal(0, fromOption.ExitCode);
        Assert.True(File.Exists(Path.Combine(other, "cutover.sum")));
        Assert.False(Directory.Exists(Path.Combine(_work.Path, "from-file")));
    }

    [Fact]
    public async Task A_relative_option_starts_in_the_working_directory_not_beside_the_config_file()
    {
        var conf = Directory.CreateDirectory(Path.Combine(_project.Root, "conf")).FullName;
        File.WriteAllText(Path.Combine(conf, "cutover.json"), "{ \"migrations\": \"db\" }");
        var sources = new ConfigSources(_work.Path) { ConfigPath = Path.Combine(conf, "cutover.json") };

        Assert.Equal(Path.Combine(conf, "db"), await ConfigResolver.ResolveMigrationsFolderAsync(sources, CancellationToken.None));
        Assert.Equal(Path.Combine(_work.Path, "sql"),
            await ConfigResolver.ResolveMigrationsFolderAsync(sources with { MigrationsOption = "sql" }, CancellationToken.None));
    }
}
