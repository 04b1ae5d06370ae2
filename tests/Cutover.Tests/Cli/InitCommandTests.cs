using Cutover.Tests.Specification;

namespace Cutover.Tests.Cli;

/// <summary>`cutover init` writes no secret into cutover.json and keeps the SQLite lock files out of git.</summary>
public sealed class InitCommandTests : IDisposable
{
    private readonly MigrationsFolder _project = new();

    private string Dir => _project.Root;

    [Theory]
    [InlineData("Host=db;Database=app;Username=app;Password=hunter2secret")]
    [InlineData("Host=db;Database=app;Username=app;PSW=hunter2secret")]
    [InlineData("postgres://app:hunter2secret@db/app")]
    [InlineData("Data Source=app.db;Password=hunter2secret")]
    [InlineData("Data Source=app.db;Pwd=hunter2secret")]
    public async Task Init_refuses_to_write_a_password_into_cutover_json_and_points_to_the_environment_variable(string connection)
    {
        var result = await CliRunner.RunAsync(Dir, "init", "--connection", connection);

        Assert.Equal(2, result.ExitCode);
        var error = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: --connection ", error, StringComparison.Ordinal);
        Assert.Contains("holds a password", error, StringComparison.Ordinal);
        Assert.Contains("hint: ", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("CUTOVER_CONNECTION", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2secret", result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(Dir, "cutover.json")));
    }

    [Fact]
    public async Task Init_without_a_password_writes_cutover_json_and_a_gitignore_for_the_lock_files()
    {
        var result = await CliRunner.RunAsync(Dir, "init", "--connection", "Host=db;Database=app;Username=app");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("Host=db;Database=app;Username=app", File.ReadAllText(Path.Combine(Dir, "cutover.json")));
        var ignore = File.ReadAllLines(Path.Combine(Dir, ".gitignore"));
        Assert.Contains("*.cutover-lock", ignore);
        Assert.Contains("*.cutover-lock.info", ignore);
        Assert.Contains("created " + Path.Combine(Dir, ".gitignore"), result.Stdout);
        // Then what to do next, first step first.
        var next = result.Stdout[result.Stdout.IndexOf("next:", StringComparison.Ordinal)..].Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["next:", "cutover new", "cutover check", "cutover up", "cutover status"], next.Select(l => l.Split('#')[0].Trim()).Select(c => c.StartsWith("cutover new", StringComparison.Ordinal) ? "cutover new" : c).ToArray());
    }

    [Fact]
    public async Task Init_completes_an_existing_gitignore_without_repeating_its_lines()
    {
        File.WriteAllText(Path.Combine(Dir, ".gitignore"), "bin/\n*.cutover-lock");

        var result = await CliRunner.RunAsync(Dir, "init");

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(["bin/", "*.cutover-lock", "# cutover: the migration lock of a SQLite database", "*.cutover-lock.info"], File.ReadAllLines(Path.Combine(Dir, ".gitignore")));
    }

    [Fact]
    public async Task Init_with_migrations_creates_that_folder_and_names_it_in_cutover_json_so_later_commands_find_it()
    {
        var result = await CliRunner.RunAsync(Dir, "init", "--migrations", Path.Combine("db", "migrations"));

        Assert.Equal(0, result.ExitCode);
        Assert.True(Directory.Exists(Path.Combine(Dir, "db", "migrations")), result.Stdout + result.Stderr);
        Assert.Contains("\"migrations\": \"db/migrations\"", File.ReadAllText(Path.Combine(Dir, "cutover.json")), StringComparison.Ordinal);
        // Without the option again, cutover.json is what says where: `new` writes into db/migrations.
        Assert.Equal(0, (await CliRunner.RunAsync(Dir, "new", "add_users")).ExitCode);
        Assert.Single(Directory.GetFiles(Path.Combine(Dir, "db", "migrations"), "*_add_users.sql"));
        Assert.Empty(Directory.GetFiles(Path.Combine(Dir, "migrations"), "*_add_users.sql"));
    }

    public void Dispose() => _project.Dispose();
}
