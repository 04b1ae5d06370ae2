using Cutover.Tests.Files;
using Cutover.Tests.Infrastructure;
using Cutover.Tests.Specification;

namespace Cutover.Tests.Cli;

/// <summary>
/// Issue 16: `--migrations` names the folder status and up read and apply on each engine, relative to the working
/// directory; the folder here is outside the working directory.
/// </summary>
public abstract class MigrationsOptionDatabaseCliSpecification : IDisposable
{
    private readonly MigrationsFolder _project = new();
    private readonly TempFolder _work = new();
    private string? _connection;

    /// <summary>A new database; <paramref name="folder"/> is where a file database may go.</summary>
    private protected abstract Task<string> NewDatabaseAsync(string folder);

    /// <summary>The project's migrations folder as written from the working directory: ../…/migrations.</summary>
    private string Relative => Path.GetRelativePath(_work.Path, _project.Folder);

    public void Dispose()
    {
        _project.Dispose();
        _work.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task<CliResult> RunAsync(params string[] args) =>
        await CliRunner.RunAsync(_work.Path, [.. args, "--connection", _connection ??= await NewDatabaseAsync(_project.Root)]);

    [Fact]
    public async Task Status_and_up_read_the_named_folder()
    {
        _project.WriteTable("20260101000001", "a");

        var before = await RunAsync("status", "--json", "--migrations", Relative);
        var up = await RunAsync("up", "--migrations", Relative);
        var after = await RunAsync("status", "--json", "--migrations", Relative);

        Assert.Equal(0, before.ExitCode);
        Assert.Contains("\"pending\"", before.Stdout, StringComparison.Ordinal);
        Assert.Contains("20260101000001", before.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, up.ExitCode);
        Assert.Contains("20260101000001", after.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("\"pending\"", after.Stdout, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_work.Path, "migrations")));
    }
}

public sealed class SqliteMigrationsOptionCliTests : MigrationsOptionDatabaseCliSpecification
{
    private protected override Task<string> NewDatabaseAsync(string folder) => Task.FromResult($"Data Source={Path.Combine(folder, "app.db")}");
}

public sealed class PostgresMigrationsOptionCliTests : MigrationsOptionDatabaseCliSpecification
{
    private protected override Task<string> NewDatabaseAsync(string folder) => PostgresServer.CreateDatabaseAsync();
}
